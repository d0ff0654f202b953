package dev.paved.rag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvalSamplerTest {
    @Test
    void keepsAboutTheConfiguredShareAndDecidesTheSameEachTime() {
        int kept = 0;
        for (int i = 0; i < 20_000; i++) {
            if (EvalSampler.sampled("req_" + i, 0.1)) {
                kept++;
            }
        }
        assertThat(kept).isBetween(1700, 2300);
        assertThat(EvalSampler.sampled("req_7", 0.5)).isEqualTo(EvalSampler.sampled("req_7", 0.5));
        assertThat(EvalSampler.sampled("x", 0)).isFalse();
        assertThat(EvalSampler.sampled("x", 1)).isTrue();
    }

    @Test
    void stepLogRecordsDecisionsInOrder() {
        StepLog log = new StepLog();
        log.start(RagStep.AUTH).attribute("tenant", "t1").end("ran");
        log.skip(RagStep.REWRITE, "not_conversational");
        assertThat(log.decisions()).containsExactly(java.util.Map.entry("rag.auth", "ran"), java.util.Map.entry("rag.rewrite",
                "skipped:not_conversational"));
        assertThat(log.find(RagStep.REWRITE).skipped()).isTrue();
        assertThat(log.find(RagStep.AUTH).attributes()).containsEntry("tenant", "t1");
    }
}
