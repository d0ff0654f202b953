package dev.paved.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.guard.pii.PiiDetector;
import org.junit.jupiter.api.Test;

class RedactionTest {
    private final Scanner pii = new DetectorScanner("pii", new PiiDetector(), Action.REDACT, 0.5);

    @Test
    void placeholdersAreReadableAndNumberedPerType() {
        ScanResult r = pii.scan("Mail a@example.com or b@example.com, card 4111 1111 1111 1111.", ScanContext.of(Stage.INPUT));
        assertThat(r.verdict()).isEqualTo(Verdict.REDACT);
        assertThat(r.text()).isEqualTo("Mail [EMAIL_1] or [EMAIL_2], card [CREDIT_CARD_1].");
        assertThat(r.reasonCodes()).containsExactly("pii.email", "pii.credit_card");
    }

    @Test
    void theSameValueGetsTheSamePlaceholderAcrossTextsOfOneRequest() {
        ScanContext ctx = ScanContext.of(Stage.INPUT);
        String first = pii.scan("I am a@example.com", ctx).text();
        String second = pii.scan("again: a@example.com, and c@example.com", ctx).text();
        assertThat(first).isEqualTo("I am [EMAIL_1]");
        assertThat(second).isEqualTo("again: [EMAIL_1], and [EMAIL_2]");
    }

    @Test
    void aNewRequestStartsNumberingAgain() {
        assertThat(pii.scan("x@example.com", ScanContext.of(Stage.INPUT)).text()).isEqualTo("[EMAIL_1]");
        assertThat(pii.scan("y@example.com", ScanContext.of(Stage.INPUT)).text()).isEqualTo("[EMAIL_1]");
    }

    @Test
    void restoreReversesOnlyThisRequestsPlaceholders() {
        ScanContext ctx = ScanContext.of(Stage.INPUT);
        pii.scan("write to a@example.com", ctx);
        String answer = "I wrote to [EMAIL_1]; [EMAIL_7] and [NOT_OURS_1] stay.";
        assertThat(ctx.redactions().restore(answer)).isEqualTo("I wrote to a@example.com; [EMAIL_7] and [NOT_OURS_1] stay.");
    }

    @Test
    void afterTheInputStageOnlyTheCallersOwnValuesAreRestored() {
        ScanContext ctx = ScanContext.of(Stage.INPUT);
        pii.scan("write to a@example.com", ctx);
        ctx.redactions().limitRestoreToCurrent();
        // The model's answer leaks another address and repeats the caller's: the leak stays redacted.
        String answer = pii.scan("Sent to a@example.com, copy to leak@example.org.", ctx.at(Stage.OUTPUT)).text();
        assertThat(answer).isEqualTo("Sent to [EMAIL_1], copy to [EMAIL_2].");
        assertThat(ctx.redactions().restore(answer)).isEqualTo("Sent to a@example.com, copy to [EMAIL_2].");
        assertThat(ctx.redactions().fork().restore(answer)).isEqualTo("Sent to a@example.com, copy to [EMAIL_2].");
    }

    @Test
    void aForkNumbersOnAndIsAdoptedOnlyWhenTheMapDidNotMoveMeanwhile() {
        Redactions map = new Redactions();
        assertThat(map.placeholder("EMAIL", "a@example.com")).isEqualTo("[EMAIL_1]");
        Redactions trial = map.fork();
        assertThat(trial.placeholder("EMAIL", "b@example.com")).isEqualTo("[EMAIL_2]");
        assertThat(map.size()).isEqualTo(1);
        assertThat(map.adopt(trial)).isTrue();
        assertThat(map.restore("[EMAIL_1] [EMAIL_2]")).isEqualTo("a@example.com b@example.com");
        assertThat(map.placeholder("EMAIL", "c@example.com")).isEqualTo("[EMAIL_3]");

        Redactions stale = map.fork();
        stale.placeholder("PHONE", "+49 30 901820");
        map.placeholder("PHONE", "+1 415 555 2671");
        assertThat(map.adopt(stale)).isFalse();
        assertThat(map.restore("[PHONE_1]")).isEqualTo("+1 415 555 2671");
    }

    @Test
    void findingsNeverCarryTheMatchedValue() {
        ScanResult r = pii.scan("secret mail a@example.com", ScanContext.of(Stage.INPUT));
        assertThat(r.findings().toString()).doesNotContain("a@example.com");
        assertThat(ScanContext.of(Stage.INPUT).redactions().toString()).doesNotContain("@");
    }

    @Test
    void blockActionStopsInsteadOfRedacting() {
        Scanner block = new DetectorScanner("pii", new PiiDetector(), Action.BLOCK, 0.5);
        ScanResult r = block.scan("a@example.com", ScanContext.of(Stage.INPUT));
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(r.text()).isEqualTo("a@example.com");
    }

    @Test
    void logActionLetsTextThroughButReports() {
        Scanner log = new DetectorScanner("pii", new PiiDetector(), Action.LOG, 0.5);
        ScanResult r = log.scan("a@example.com", ScanContext.of(Stage.INPUT));
        assertThat(r.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(r.reasonCodes()).containsExactly("pii.email");
    }
}
