package dev.paved.knowledge.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time of each stage of one search, in milliseconds, in the order the stages ran. */
public final class StageTimings {

    private final Map<String, Double> stages = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private long mark = started;

    /** Records the time since the previous stage ended under {@code stage}. */
    public void lap(String stage) {
        long now = System.nanoTime();
        stages.merge(stage, (now - mark) / 1e6, Double::sum);
        mark = now;
    }

    /** Records the total time and returns every stage. */
    public Map<String, Double> finish() {
        stages.put("total", (System.nanoTime() - started) / 1e6);
        return Collections.unmodifiableMap(stages);
    }
}
