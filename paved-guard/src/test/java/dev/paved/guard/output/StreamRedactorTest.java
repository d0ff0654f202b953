package dev.paved.guard.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.guard.Action;
import dev.paved.guard.DetectorScanner;
import dev.paved.guard.GuardChain;
import dev.paved.guard.Redactions;
import dev.paved.guard.ScanContext;
import dev.paved.guard.Stage;
import dev.paved.guard.eval.Datasets;
import dev.paved.guard.eval.PiiCorpusGenerator;
import dev.paved.guard.pii.PiiDetector;
import dev.paved.guard.pii.PiiType;
import dev.paved.guard.policy.DeniedTopicsDetector;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamRedactorTest {
    private static final GuardChain PII = new GuardChain(List.of(
            new DetectorScanner("pii", new PiiDetector(EnumSet.allOf(PiiType.class), "US"), Action.REDACT, 0.5)));
    /** Two redacting scanners, so the second one's offsets are in the first one's output. */
    private static final GuardChain PII_THEN_SECRETS = new GuardChain(List.of(
            new DetectorScanner("pii", new PiiDetector(EnumSet.complementOf(EnumSet.of(PiiType.SECRET)), "US"), Action.REDACT, 0.5),
            new DetectorScanner("secrets", new PiiDetector(EnumSet.of(PiiType.SECRET), "US"), Action.REDACT, 0.5)));
    private static final GuardChain SECRETS_BLOCK = new GuardChain(List.of(
            new DetectorScanner("secrets", new PiiDetector(EnumSet.of(PiiType.SECRET), "US"), Action.BLOCK, 0.5)));
    private static final GuardChain TOXICITY_BLOCK = new GuardChain(List.of(
            new DetectorScanner("toxicity", new ToxicityDetector(List.of("frobnicate", "purple monkey dishwasher")), Action.BLOCK, 0.5)));
    private static final GuardChain TOPICS_BLOCK = new GuardChain(List.of(new DetectorScanner("denied_topics",
            new DeniedTopicsDetector(java.util.Map.of("merger", List.of("project blue falcon", "acquisition"))), Action.BLOCK, 0.5)));

    private static final String[] VALUES = {
            "jane.doe+news@mail.example.org",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "DE89 3704 0044 0532 0130 00",
            "GB82 WEST 1234 5698 7654 32",
            "gb82 west 1234 5698 7654 32",
            "nl91 abna 0417 1643 00",
            "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789",
            "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
            "AKIAIOSFODNN7EXAMPLE",
            "qZ8v0Lr3TnW5pXc1Yb7Hk2Jm9Df4Gs6A",
            "+49 30 901820",
            "(415) 555-2671",
            "123-45-6789",
            "1 85 05 78 006 084 91",
            "192.168.10.42",
    };

    /** The whole text scanned at once, as a non-stream answer is. */
    private static String whole(GuardChain chain, String text) {
        return chain.run(text, ScanContext.of(Stage.OUTPUT)).result().text();
    }

    /** The text fed in the given pieces, then flushed; every release is checked by {@code each}. */
    private static String streamed(GuardChain chain, List<String> pieces, ScanContext ctx, boolean restore) {
        return streamed(chain, pieces, ctx, restore, false);
    }

    private static String streamed(GuardChain chain, List<String> pieces, ScanContext ctx, boolean restore, boolean json) {
        StreamRedactor r = new StreamRedactor(chain, ctx, restore, json);
        StringBuilder out = new StringBuilder();
        for (String p : pieces) {
            StreamRedactor.Release rel = r.feed(p);
            assertThat(rel.blocked()).isFalse();
            out.append(rel.text());
        }
        out.append(r.flush().text());
        assertThat(r.held()).isZero();
        return out.toString();
    }

    private static String streamed(GuardChain chain, List<String> pieces) {
        return streamed(chain, pieces, ScanContext.of(Stage.OUTPUT), false);
    }

    private static List<String> splitAt(String text, int... at) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int a : at) {
            out.add(text.substring(from, a));
            from = a;
        }
        out.add(text.substring(from));
        return out;
    }

    private static List<String> chars(String text) {
        return text.chars().mapToObj(c -> String.valueOf((char) c)).toList();
    }

    @Test
    void everyValueSplitAtEveryPointIsReleasedOnlyRedacted() {
        for (String value : VALUES) {
            for (String text : List.of("Please note " + value + " and thanks.", "Value: " + value, value + "\nnext line", "x " + value + ". Done")) {
                String expected = whole(PII, text);
                assertThat(expected).as(text).doesNotContain(value);
                for (int i = 0; i <= text.length(); i++) {
                    assertThat(streamed(PII, splitAt(text, i))).as("%s split at %d", text, i).isEqualTo(expected);
                }
                assertThat(streamed(PII, chars(text))).as("%s char by char", text).isEqualTo(expected);
                for (int i = 1; i < text.length(); i++) {
                    for (int j = i; j < text.length(); j += 3) {
                        assertThat(streamed(PII, splitAt(text, i, j))).as("%s split at %d and %d", text, i, j).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void aValueIsNeverInTheReleasedTextBeforeItIsComplete() {
        String text = "Card 4111 1111 1111 1111 and mail jane.doe@example.org, key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789 ok.";
        StreamRedactor r = new StreamRedactor(PII, ScanContext.of(Stage.OUTPUT), false);
        StringBuilder out = new StringBuilder();
        for (String c : chars(text)) {
            out.append(r.feed(c).text());
            assertThat(out.toString()).doesNotContain("4111").doesNotContain("jane").doesNotContain("sk-p");
        }
        out.append(r.flush().text());
        assertThat(out.toString()).isEqualTo("Card [CREDIT_CARD_1] and mail [EMAIL_1], key [SECRET_1] ok.");
    }

    @Test
    void placeholdersAreConsistentAcrossChunksTextsAndStages() {
        ScanContext input = ScanContext.of(Stage.INPUT);
        assertThat(PII.run("ask jane.doe@example.org", input).result().text()).isEqualTo("ask [EMAIL_1]");
        ScanContext output = input.at(Stage.OUTPUT);
        String text = "Mail bob@example.com, then jane.doe@example.org, then bob@example.com again.";
        String first = streamed(PII, splitAt(text, 7, 30, 50), output, false);
        assertThat(first).isEqualTo("Mail [EMAIL_2], then [EMAIL_1], then [EMAIL_2] again.");
        // A second streamed text of the same request (another choice) shares the numbering.
        assertThat(streamed(PII, chars("and carol@example.com or bob@example.com"), output, false)).isEqualTo("and [EMAIL_3] or [EMAIL_2]");
    }

    @Test
    void theEndOfTheTextFlushesWhatWasHeld() {
        StreamRedactor r = new StreamRedactor(PII, ScanContext.of(Stage.OUTPUT), false);
        StringBuilder out = new StringBuilder();
        for (String p : List.of("Pay to DE89 3704 ", "0044 0532 ", "0130 00")) {
            out.append(r.feed(p).text());
        }
        assertThat(out.toString()).isEqualTo("Pay to ");
        assertThat(r.held()).isEqualTo("DE89 3704 0044 0532 0130 00".length());
        assertThat(r.flush().text()).isEqualTo("[IBAN_1]");
        assertThat(r.held()).isZero();
    }

    @Test
    void proseIsHeldOnlyByItsOpenWord() {
        StreamRedactor r = new StreamRedactor(PII, ScanContext.of(Stage.OUTPUT), false);
        assertThat(r.feed("The capital of ").text()).isEqualTo("The capital of ");
        assertThat(r.feed("Pe").text()).isEmpty();
        assertThat(r.feed("ru is Li").text()).isEqualTo("Peru is ");
        assertThat(r.held()).isEqualTo(2);
    }

    @Test
    void twoRedactingScannersAgreeWithTheWholeText() {
        String text = "From a@example.com: use sk-proj-abcdefghijklmnopqrstuvwxyz0123456789 with b@example.com and "
                + "token qZ8v0Lr3TnW5pXc1Yb7Hk2Jm9Df4Gs6A, card 4111 1111 1111 1111.";
        String expected = whole(PII_THEN_SECRETS, text);
        assertThat(expected).contains("[SECRET_1]").contains("[SECRET_2]").contains("[EMAIL_2]");
        for (int i = 0; i <= text.length(); i++) {
            assertThat(streamed(PII_THEN_SECRETS, splitAt(text, i))).as("split at %d", i).isEqualTo(expected);
        }
        assertThat(streamed(PII_THEN_SECRETS, chars(text))).isEqualTo(expected);
    }

    @Test
    void aPrivateKeyBlockIsHeldUntilItEnds() {
        String key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aozN3tihPmljnnudb9G3HecLW\n"
                + "w4Ns1hqbGXmBz5cZ0dHkq3Kx2rvWuBW1ZyxJ6o0Vo1cQYf9PB5X0bLJ2RmCFvUf6\n-----END RSA PRIVATE KEY-----";
        String text = "Here it is:\n" + key + "\nKeep it safe.";
        String expected = whole(PII, text);
        assertThat(expected).isEqualTo("Here it is:\n[SECRET_1]\nKeep it safe.");
        assertThat(streamed(PII, chars(text))).isEqualTo(expected);
        for (int i = 0; i <= text.length(); i += 7) {
            assertThat(streamed(PII, splitAt(text, i))).isEqualTo(expected);
        }
    }

    @Test
    void textInScriptsWithoutSpacesIsNotHeldToTheEnd() {
        StreamRedactor r = new StreamRedactor(PII, ScanContext.of(Stage.OUTPUT), false);
        assertThat(r.feed("我的邮箱是").text()).isEqualTo("我的邮箱");
        assertThat(r.feed("jane@exam").text()).isEmpty();
        assertThat(r.feed("ple.org。谢谢").text()).isEqualTo("是[EMAIL_1]。谢");
        assertThat(r.flush().text()).isEqualTo("谢");
    }

    @Test
    void randomSplitsOfASyntheticCorpusMatchTheWholeText() {
        List<Datasets.PiiExample> corpus = new PiiCorpusGenerator(11).generate(400);
        Random random = new Random(5);
        int values = 0;
        for (int round = 0; round < 60; round++) {
            StringBuilder text = new StringBuilder();
            List<String> originals = new ArrayList<>();
            for (int k = 0; k < 1 + random.nextInt(6); k++) {
                Datasets.PiiExample ex = corpus.get(random.nextInt(corpus.size()));
                text.append(text.isEmpty() ? "" : random.nextBoolean() ? " " : "\n").append(ex.text());
                for (Datasets.Span s : ex.spans()) {
                    originals.add(ex.text().substring(s.start(), s.end()));
                }
            }
            String t = text.toString();
            for (GuardChain chain : List.of(PII, PII_THEN_SECRETS)) {
                String expected = whole(chain, t);
                for (int trial = 0; trial < 8; trial++) {
                    List<String> pieces = new ArrayList<>();
                    for (int i = 0; i < t.length(); ) {
                        int n = Math.min(t.length() - i, 1 + random.nextInt(trial % 2 == 0 ? 4 : 16));
                        pieces.add(t.substring(i, i + n));
                        i += n;
                    }
                    String got = streamed(chain, pieces);
                    assertThat(got).as("round %d trial %d: %s", round, trial, pieces).isEqualTo(expected);
                    for (String v : originals) {
                        if (!expected.contains(v)) {
                            values++;
                            assertThat(got).doesNotContain(v);
                        }
                    }
                }
            }
        }
        assertThat(values).isGreaterThan(500);
    }

    @Test
    void aBlockedValueIsNeverReleased() {
        String key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
        String text = "Sure. Your key is " + key + " and nothing else.";
        String before = text.substring(0, text.indexOf(key));
        for (int i = 0; i <= text.length(); i++) {
            for (List<String> pieces : List.of(splitAt(text, i), chars(text))) {
                StreamRedactor r = new StreamRedactor(SECRETS_BLOCK, ScanContext.of(Stage.OUTPUT), false);
                StringBuilder out = new StringBuilder();
                boolean blocked = false;
                for (String p : pieces) {
                    StreamRedactor.Release rel = r.feed(p);
                    out.append(rel.text());
                    blocked |= rel.blocked();
                }
                StreamRedactor.Release last = r.flush();
                out.append(last.text());
                blocked |= last.blocked();
                assertThat(blocked).isTrue();
                assertThat(r.blocked()).isTrue();
                assertThat(before).as("split at %d", i).startsWith(out.toString());
                assertThat(r.feed("more").text()).isEmpty();
            }
        }
    }

    @Test
    void aBlockedWordOrPhraseIsNeverReleased() {
        for (String text : List.of("It is time to frobnicate the widgets.", "Say purple monkey dishwasher twice.")) {
            for (int i = 0; i <= text.length(); i++) {
                StreamRedactor r = new StreamRedactor(TOXICITY_BLOCK, ScanContext.of(Stage.OUTPUT), false);
                StringBuilder out = new StringBuilder();
                boolean blocked = false;
                for (String p : i == text.length() ? chars(text) : splitAt(text, i)) {
                    StreamRedactor.Release rel = r.feed(p);
                    out.append(rel.text());
                    blocked |= rel.blocked();
                }
                blocked |= r.flush().blocked();
                assertThat(blocked).isTrue();
                assertThat(out.toString()).doesNotContain("frob").doesNotContain("dishwasher");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void restoreReturnsTheRequestsValuesAlsoWhenAPlaceholderIsSplit(boolean outputScanners) {
        ScanContext input = ScanContext.of(Stage.INPUT);
        assertThat(PII.run("write to jane.doe@example.org", input).result().text()).isEqualTo("write to [EMAIL_1]");
        String answer = "I wrote to [EMAIL_1] and [EMAIL_1]. [NOT_OURS_1] stays.";
        GuardChain chain = outputScanners ? PII : GuardChain.empty();
        for (int i = 0; i <= answer.length(); i++) {
            assertThat(streamed(chain, splitAt(answer, i), input.at(Stage.OUTPUT), true)).as("split at %d", i)
                    .isEqualTo("I wrote to jane.doe@example.org and jane.doe@example.org. [NOT_OURS_1] stays.");
        }
        assertThat(streamed(chain, chars(answer), input.at(Stage.OUTPUT), true))
                .isEqualTo("I wrote to jane.doe@example.org and jane.doe@example.org. [NOT_OURS_1] stays.");
    }

    @Test
    void withoutScannersOnlyTheOpenWordIsHeld() {
        ScanContext ctx = new ScanContext(null, null, Stage.OUTPUT, null, new Redactions());
        StreamRedactor r = new StreamRedactor(GuardChain.empty(), ctx, true);
        assertThat(r.feed("4111 1111 [EMA").text()).isEqualTo("4111 1111 ");
        assertThat(r.feed("IL_9] x").text()).isEqualTo("[EMAIL_9] ");
    }

    /** Feeds the pieces until the chain blocks; returns what was released. */
    private static String untilBlocked(GuardChain chain, List<String> pieces, boolean json) {
        StreamRedactor r = new StreamRedactor(chain, ScanContext.of(Stage.OUTPUT), false, json);
        StringBuilder out = new StringBuilder();
        boolean blocked = false;
        for (String p : pieces) {
            StreamRedactor.Release rel = r.feed(p);
            out.append(rel.text());
            blocked |= rel.blocked();
        }
        StreamRedactor.Release last = r.flush();
        out.append(last.text());
        assertThat(blocked || last.blocked()).as("blocked: %s", pieces).isTrue();
        return out.toString();
    }

    @Test
    void noWordOfABlockedPhraseIsReleasedBeforeTheStop() {
        for (GuardChain chain : List.of(TOXICITY_BLOCK, TOPICS_BLOCK)) {
            String phrase = chain == TOXICITY_BLOCK ? "purple monkey dishwasher" : "Project Blue Falcon";
            for (String text : List.of("Now say " + phrase + " twice.", "Now say \"" + phrase + "\".", phrase + " is it")) {
                String before = text.substring(0, text.indexOf(phrase));
                for (int i = 0; i <= text.length(); i++) {
                    for (int j = i; j <= text.length(); j += 4) {
                        String out = untilBlocked(chain, splitAt(text, i, j), false);
                        assertThat(before).as("%s split at %d, %d", text, i, j).startsWith(out);
                    }
                }
                assertThat(before).startsWith(untilBlocked(chain, chars(text), false));
            }
        }
    }

    @Test
    void wordsThatOnlyBeginABlockedPhraseAreReleasedWithTheNextWord() {
        StreamRedactor r = new StreamRedactor(TOXICITY_BLOCK, ScanContext.of(Stage.OUTPUT), false);
        assertThat(r.feed("A purple ").text()).isEqualTo("A ");
        assertThat(r.feed("monkey ").text()).isEmpty();
        assertThat(r.feed("wren").text()).isEqualTo("purple monkey ");
        assertThat(r.feed("ch and purple rain").text()).isEqualTo("wrench and purple ");
        assertThat(r.flush().text()).isEqualTo("rain");
        StreamRedactor topics = new StreamRedactor(TOPICS_BLOCK, ScanContext.of(Stage.OUTPUT), false);
        assertThat(topics.feed("The project blue ").text()).isEqualTo("The ");
        assertThat(topics.feed("sky is ").text()).isEqualTo("project blue sky is ");
    }

    @Test
    void aLowerCaseIbanWithLetterGroupsIsNeverPartlyReleased() {
        String iban = "gb82 west 1234 5698 7654 32";
        String text = "Pay to " + iban + " by Friday.";
        assertThat(whole(PII, text)).isEqualTo("Pay to [IBAN_1] by Friday.");
        StreamRedactor r = new StreamRedactor(PII, ScanContext.of(Stage.OUTPUT), false);
        StringBuilder out = new StringBuilder();
        for (String c : chars(text)) {
            out.append(r.feed(c).text());
            assertThat(out.toString()).doesNotContain("gb82").doesNotContain("west");
        }
        assertThat(out.append(r.flush().text()).toString()).isEqualTo("Pay to [IBAN_1] by Friday.");
    }

    private static final String ARGS = "{\"to\":\"jane.doe@example.org\",\"note\":\"Call (415) 555-2671\\nor pay gb82 west 1234 5698 7654 32,"
            + " r\\u00e9f\\u00e9rence \\\"A\\\"\\njane@example.com\",\"card\":4111111111111111,\"n\":[1,2],\"ok\":true}";

    @Test
    void jsonTextIsScannedDecodedAndStaysValidJson() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String out = JsonText.run(PII, ARGS, JsonText.OUTSIDE, ScanContext.of(Stage.OUTPUT)).result().text();
        assertThat(out).isEqualTo("{\"to\":\"[EMAIL_1]\",\"note\":\"Call [PHONE_1]\\nor pay [IBAN_1],"
                + " r\\u00e9f\\u00e9rence \\\"A\\\"\\n[EMAIL_2]\",\"card\":\"[CREDIT_CARD_1]\",\"n\":[1,2],\"ok\":true}");
        assertThat(mapper.readTree(out).path("note").asText()).endsWith("r\u00e9f\u00e9rence \"A\"\n[EMAIL_2]");
        // Scanned raw, the address after \n would be found as "njane@…" and its placeholder would follow a lone backslash.
        assertThat(PII.run(ARGS, ScanContext.of(Stage.OUTPUT)).result().text()).contains("\\[EMAIL_");
    }

    @Test
    void jsonArgumentsSplitAtEveryPointAreReleasedRedactedAsValidJson() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String expected = JsonText.run(PII, ARGS, JsonText.OUTSIDE, ScanContext.of(Stage.OUTPUT)).result().text();
        mapper.readTree(expected);
        for (int i = 0; i <= ARGS.length(); i++) {
            for (int j = i; j <= ARGS.length(); j += 5) {
                List<String> pieces = splitAt(ARGS, i, j);
                StreamRedactor r = new StreamRedactor(PII, ScanContext.of(Stage.OUTPUT), false, true);
                StringBuilder out = new StringBuilder();
                for (String p : pieces) {
                    String rel = r.feed(p).text();
                    assertThat(rel).doesNotContain("jane").doesNotContain("555-").doesNotContain("gb82").doesNotContain("4111");
                    out.append(rel);
                }
                out.append(r.flush().text());
                assertThat(out.toString()).as("split at %d, %d", i, j).isEqualTo(expected);
            }
        }
        List<String> fragments = new ArrayList<>();
        for (int i = 0; i < ARGS.length(); i += 8) {
            fragments.add(ARGS.substring(i, Math.min(ARGS.length(), i + 8)));
        }
        assertThat(streamed(PII, fragments, ScanContext.of(Stage.OUTPUT), false, true)).isEqualTo(expected);
        assertThat(streamed(PII, chars(ARGS), ScanContext.of(Stage.OUTPUT), false, true)).isEqualTo(expected);
    }

    @Test
    void aReleasePointIsNeverInsideAnEscape() {
        String args = "{\"q\":\"caf\\u00e9 \\\"x\\\" a\\\\b\\tc \\ud83d\\ude00 done\"}";
        for (GuardChain chain : List.of(PII, GuardChain.empty())) {
            StreamRedactor r = new StreamRedactor(chain, ScanContext.of(Stage.OUTPUT), false, true);
            int state = JsonText.OUTSIDE;
            StringBuilder out = new StringBuilder();
            for (String c : chars(args)) {
                String rel = r.feed(c).text();
                state = JsonText.state(rel, 0, rel.length(), state);
                assertThat(JsonText.settled(state)).as("after %s", out.append(rel)).isTrue();
            }
            assertThat(out.append(r.flush().text()).toString()).isEqualTo(args);
        }
    }

    @Test
    void aSecretInJsonArgumentsBlocksBeforeAnyOfItIsReleased() {
        String key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
        String args = "{\"cmd\":\"deploy\",\"env\":{\"OPENAI_API_KEY\":\"" + key + "\"}}";
        for (int i = 0; i <= args.length(); i++) {
            String out = untilBlocked(SECRETS_BLOCK, splitAt(args, i), true);
            assertThat(args.substring(0, args.indexOf(key))).as("split at %d", i).startsWith(out);
        }
    }

    @Test
    void restoredValuesAreEscapedForTheJsonStringTheyArePutIn() {
        ScanContext input = ScanContext.of(Stage.INPUT);
        String key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aozN3tihPmljnnudb9G3HecLW\n-----END RSA PRIVATE KEY-----";
        assertThat(PII.run("store " + key, input).result().text()).isEqualTo("store [SECRET_1]");
        String args = "{\"key\":\"[SECRET_1]\"}";
        String restored = streamed(PII, chars(args), input.at(Stage.OUTPUT), true, true);
        assertThat(restored).isEqualTo("{\"key\":\"" + JsonText.escape(key) + "\"}").contains("\\n");
    }
}
