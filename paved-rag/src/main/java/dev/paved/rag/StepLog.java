package dev.paved.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of one RAG request as they happen. Steps are appended from whichever thread runs them, one at a time
 * per request, so the log is synchronised but never contended.
 */
public final class StepLog {
    private final List<StepRecord> records = new ArrayList<>(RagStep.values().length);

    /** A step in progress; {@link #end} records it once. */
    public final class Open {
        private final RagStep step;
        private final long startWall = System.currentTimeMillis() * 1_000_000L;
        private final long start = System.nanoTime();
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private boolean ended;

        Open(RagStep step) {
            this.step = step;
        }

        public Open attribute(String key, Object value) {
            attributes.put(key, String.valueOf(value));
            return this;
        }

        /** Attributes so far (read only). */
        public Map<String, String> attributes() {
            return java.util.Collections.unmodifiableMap(attributes);
        }

        /** Milliseconds since the step started. */
        public double elapsedMillis() {
            return (System.nanoTime() - start) / 1_000_000.0;
        }

        public void end(String decision) {
            synchronized (StepLog.this) {
                if (ended) {
                    return;
                }
                ended = true;
                records.add(new StepRecord(step, startWall, System.nanoTime() - start, decision, attributes));
            }
        }
    }

    public Open start(RagStep step) {
        return new Open(step);
    }

    /** Records a step that did not run. */
    public void skip(RagStep step, String why) {
        start(step).end("skipped:" + why);
    }

    public synchronized List<StepRecord> records() {
        return List.copyOf(records);
    }

    public synchronized StepRecord find(RagStep step) {
        for (StepRecord r : records) {
            if (r.step() == step) {
                return r;
            }
        }
        return null;
    }

    /** Decisions by step name, for logs and eval samples. */
    public synchronized Map<String, String> decisions() {
        Map<String, String> out = new LinkedHashMap<>();
        records.forEach(r -> out.put(r.step().spanName(), r.decision()));
        return out;
    }
}
