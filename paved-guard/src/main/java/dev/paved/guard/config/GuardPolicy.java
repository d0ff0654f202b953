package dev.paved.guard.config;

import dev.paved.guard.Stage;
import dev.paved.guard.retrieved.ChunkPolicy;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scanners per stage, plus the request-wide settings; used for the defaults, a tenant and a feature. A layer
 * overrides the one below it scanner by scanner; a scanner with {@code enabled: false} switches it off.
 *
 * @param stages     scanner specs per stage, in the order they run
 * @param reversible when true, redacted values are put back into the answer for the caller (null = inherit)
 * @param retrieved  what happens to flagged retrieved chunks (null = inherit)
 */
public record GuardPolicy(Map<Stage, Map<String, ScannerSpec>> stages, Boolean reversible, ChunkPolicy retrieved) {
    public GuardPolicy {
        Map<Stage, Map<String, ScannerSpec>> copy = new EnumMap<>(Stage.class);
        if (stages != null) {
            stages.forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
        }
        stages = copy;
    }

    public static GuardPolicy empty() {
        return new GuardPolicy(Map.of(), null, null);
    }

    /** This policy with {@code over} laid on top. */
    public GuardPolicy overlay(GuardPolicy over) {
        if (over == null) {
            return this;
        }
        Map<Stage, Map<String, ScannerSpec>> merged = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            Map<String, ScannerSpec> m = new LinkedHashMap<>(stages.getOrDefault(s, Map.of()));
            over.stages.getOrDefault(s, Map.of()).forEach(m::put);
            if (!m.isEmpty()) {
                merged.put(s, m);
            }
        }
        return new GuardPolicy(merged, over.reversible != null ? over.reversible : reversible,
                over.retrieved != null ? over.retrieved : retrieved);
    }
}
