package dev.paved.server.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the Paved process itself runs: the {@code server:} section of paved.yaml overridden by PAVED_* variables.
 *
 * @param port         HTTP port; 0 picks a free one
 * @param host         interface to bind
 * @param dataDir      where embedded PostgreSQL, models and other local state live; relative to the working dir
 * @param configFile   the paved.yaml that was read; null when Paved runs on defaults
 * @param adminKey     admin API key; null means bootstrap one at first start
 * @param databaseUrl  external PostgreSQL; null means embedded PostgreSQL under {@code dataDir}
 * @param redisUrl     shared counters and caches; null means in-process
 * @param redisLeases  whether busy counters are spent from leases taken from Redis instead of one round trip per call
 * @param maxBodyBytes largest request body accepted
 * @param otlpEndpoint OpenTelemetry collector; null means the exporter is off
 */
public record ServerSettings(int port, String host, Path dataDir, Path configFile, String adminKey,
                             String databaseUrl, String redisUrl, boolean redisLeases, long maxBodyBytes, String otlpEndpoint) {
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final Path DEFAULT_DATA_DIR = Path.of("./data");
    public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

    public ServerSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
    }

    /** Every setting at its default: no config file, embedded PostgreSQL, in-process state, no exporter. */
    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_PORT, DEFAULT_HOST, DEFAULT_DATA_DIR, null, null, null, null, true,
                DEFAULT_MAX_BODY_BYTES, null);
    }

    /** Never prints the admin key, nor passwords inside the database, Redis or OTLP URLs. */
    @Override
    public String toString() {
        return "ServerSettings[port=" + port + ", host=" + host + ", dataDir=" + dataDir
                + ", configFile=" + (configFile == null ? "none" : configFile)
                + ", adminKey=" + (adminKey == null ? "bootstrap" : "***")
                + ", databaseUrl=" + (databaseUrl == null ? "embedded" : UrlRedaction.redact(databaseUrl))
                + ", redisUrl=" + (redisUrl == null ? "in-process" : UrlRedaction.redact(redisUrl))
                + ", redisLeases=" + redisLeases
                + ", maxBodyBytes=" + maxBodyBytes
                + ", otlpEndpoint=" + (otlpEndpoint == null ? "off" : UrlRedaction.redact(otlpEndpoint)) + "]";
    }
}
