package dev.paved.gateway.route;

import dev.paved.gateway.config.RoutingStrategy;
import dev.paved.gateway.config.TargetConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Orders an alias's targets for one call. Fallback keeps the listed order; weighted and A/B move one
 * target, drawn in proportion to the weights, to the front — at random for load balancing, by a stable
 * hash of tenant and alias for an A/B test (a tenant always lands in the same variant).
 */
final class TargetOrder {
    private TargetOrder() {
    }

    static List<TargetConfig> order(List<TargetConfig> targets, RoutingStrategy strategy, String tenantId, String alias) {
        if (strategy == RoutingStrategy.FALLBACK || targets.size() < 2) {
            return targets;
        }
        long total = 0;
        for (TargetConfig t : targets) {
            total += t.weight();
        }
        if (total <= 0) {
            return targets;
        }
        long point = strategy == RoutingStrategy.AB
                ? Math.floorMod(stableHash(tenantId + "\u0000" + alias), total)
                : ThreadLocalRandom.current().nextLong(total);
        int chosen = 0;
        for (int i = 0; i < targets.size(); i++) {
            point -= targets.get(i).weight();
            if (point < 0) {
                chosen = i;
                break;
            }
        }
        List<TargetConfig> out = new ArrayList<>(targets.size());
        out.add(targets.get(chosen));
        for (int i = 0; i < targets.size(); i++) {
            if (i != chosen) {
                out.add(targets.get(i));
            }
        }
        return out;
    }

    /** FNV-1a 64: stable across JVMs and releases, unlike String.hashCode's spread. */
    static long stableHash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h ^ (h >>> 29);
    }
}
