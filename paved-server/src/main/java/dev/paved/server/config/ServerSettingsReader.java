package dev.paved.server.config;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Builds {@link ServerSettings}: a PAVED_* variable beats the file's {@code server:} key, which beats the
 * default. Blank values count as not set, so {@code PAVED_PORT=} or {@code admin_key: "${KEY:-}"} fall through.
 */
final class ServerSettingsReader {
    private ServerSettingsReader() {
    }

    /** The settings written in the {@code server:} section; keys with wrong values are reported and left out. */
    static Map<ServerKey, Object> fromFile(YamlMapping server, ValueReader reader) {
        Map<ServerKey, Object> values = new EnumMap<>(ServerKey.class);
        if (server == null) {
            return values;
        }
        server.rejectUnknown(ServerKey.YAML_KEYS);
        for (ServerKey key : ServerKey.values()) {
            YamlMapping.Entry e = server.get(key.yamlKey);
            if (e == null) {
                continue;
            }
            String path = server.childPath(key.yamlKey);
            String text = reader.text(e.value(), path);
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                values.put(key, key.parse(text));
            } catch (IllegalArgumentException ex) {
                reader.problems().at(e.value(), path, ex.getMessage());
            }
        }
        return values;
    }

    /** The settings written in PAVED_* variables; wrong ones are reported and left out. */
    static Map<ServerKey, Object> fromEnvironment(Map<String, String> env, Problems problems) {
        Map<ServerKey, Object> values = new EnumMap<>(ServerKey.class);
        for (ServerKey key : ServerKey.values()) {
            String text = env.get(key.envVar);
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                values.put(key, key.parse(text));
            } catch (IllegalArgumentException ex) {
                problems.env(key.envVar, ex.getMessage());
            }
        }
        return values;
    }

    static ServerSettings merge(Map<ServerKey, Object> fromEnv, Map<ServerKey, Object> fromFile, Path configFile) {
        Map<ServerKey, Object> v = new EnumMap<>(fromFile);
        v.putAll(fromEnv);
        ServerSettings d = ServerSettings.defaults();
        return new ServerSettings(
                (Integer) v.getOrDefault(ServerKey.PORT, d.port()),
                (String) v.getOrDefault(ServerKey.HOST, d.host()),
                (Path) v.getOrDefault(ServerKey.DATA_DIR, d.dataDir()),
                configFile,
                (String) v.get(ServerKey.ADMIN_KEY),
                (String) v.get(ServerKey.DATABASE_URL),
                (String) v.get(ServerKey.REDIS_URL),
                (Boolean) v.getOrDefault(ServerKey.REDIS_LEASES, d.redisLeases()),
                (Long) v.getOrDefault(ServerKey.MAX_BODY_BYTES, d.maxBodyBytes()),
                (String) v.get(ServerKey.OTLP_ENDPOINT));
    }
}
