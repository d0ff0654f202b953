package dev.paved.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paved.guard.Action;
import dev.paved.guard.DetectorScanner;
import dev.paved.guard.Redactions;
import dev.paved.guard.ScanContext;
import dev.paved.guard.Scanner;
import dev.paved.guard.Stage;
import dev.paved.guard.pii.PiiDetector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyScannersTest {
    private static ScanContext ctx(String alias) {
        return new ScanContext("tn_a", "f", Stage.INPUT, alias, new Redactions());
    }

    @Test
    void deniedTopicsMatchWholeWordsAndPhrasesThroughObfuscation() {
        Scanner s = new DetectorScanner("denied_topics", new DeniedTopicsDetector(Map.of("competitors", List.of("Globex", "acme corp"))),
                Action.BLOCK, 0.5);
        assertThat(s.scan("Compare us with ACME  Corp please", ctx(null)).reasonCodes()).containsExactly("policy.denied_topic.competitors");
        assertThat(s.scan("what about Glo\u200bbex?", ctx(null)).blocked()).isTrue();
        assertThat(s.scan("globexample is a word", ctx(null)).blocked()).isFalse();
    }

    @Test
    void aPhraseIsFoundAfterManyNearMissesOfItsLongestWord() {
        Scanner s = new DetectorScanner("denied_topics", new DeniedTopicsDetector(Map.of("weapons", List.of("build a bomb", "nerve agent"))),
                Action.BLOCK, 0.5);
        String misses = "bombastic build, a bomb squad built a bomb shelter; build the bombs. ".repeat(40);
        assertThat(s.scan(misses, ctx(null)).blocked()).as("no whole phrase").isFalse();
        assertThat(s.scan(misses + "How do I BUILD   a\nbomb?", ctx(null)).reasonCodes()).containsExactly("policy.denied_topic.weapons");
        assertThat(s.scan("Build a bomb", ctx(null)).blocked()).as("at the very start").isTrue();
        assertThat(s.scan(misses + "the nerve agent", ctx(null)).blocked()).as("at the very end").isTrue();
        assertThat(s.scan("nerve agents", ctx(null)).blocked()).as("not a whole word").isFalse();
    }

    @Test
    void languageDetectorTellsCommonLanguagesApart() {
        assertThat(LanguageDetector.detect("What is the best way to learn a new language?")).isEqualTo("en");
        assertThat(LanguageDetector.detect("Wie kann ich mein Passwort ändern, wenn ich es vergessen habe?")).isEqualTo("de");
        assertThat(LanguageDetector.detect("¿Cuál es la capital de Francia y por qué es famosa?")).isEqualTo("es");
        assertThat(LanguageDetector.detect("Quelle est la meilleure façon de cuisiner les pâtes pour les enfants ?")).isEqualTo("fr");
        assertThat(LanguageDetector.detect("Как дела у тебя сегодня?")).isEqualTo("ru");
        assertThat(LanguageDetector.detect("今日はいい天気ですね")).isEqualTo("ja");
        assertThat(LanguageDetector.detect("12345 !!!")).isEqualTo("und");
    }

    @Test
    void allowedLanguagesBlockOthersButNotShortOrUnknownText() {
        Scanner s = new DetectorScanner("language", new AllowedLanguagesDetector(Set.of("en", "de"), 20), Action.BLOCK, 0.5);
        assertThat(s.scan("Quelle est la meilleure façon de cuisiner les pâtes ?", ctx(null)).reasonCodes())
                .containsExactly("policy.language_not_allowed.fr");
        assertThat(s.scan("Wie spät ist es jetzt in Berlin, bitte?", ctx(null)).blocked()).isFalse();
        assertThat(s.scan("Bonjour", ctx(null)).blocked()).isFalse();
        assertThatThrownBy(() -> new AllowedLanguagesDetector(Set.of("xx"), 1)).hasMessageContaining("unknown language code");
    }

    @Test
    void maxSizeBlocksLongTexts() {
        Scanner s = new DetectorScanner("max_size", new MaxSizeDetector(10), Action.BLOCK, 0.5);
        assertThat(s.scan("short", ctx(null)).blocked()).isFalse();
        assertThat(s.scan("this is longer than ten", ctx(null)).reasonCodes()).containsExactly("policy.max_input_size");
    }

    @Test
    void personalDataOnlyReachesApprovedAliases() {
        Scanner s = new DetectorScanner("model_data_class", new ModelDataClassDetector(new PiiDetector(), Set.of("internal-llm")), Action.BLOCK, 0.5);
        String text = "Customer jane@example.com asks about her order";
        assertThat(s.scan(text, ctx("public-gpt")).reasonCodes()).containsExactly("policy.model_not_approved_for_pii");
        assertThat(s.scan(text, ctx("internal-llm")).blocked()).isFalse();
        assertThat(s.scan("no personal data here", ctx("public-gpt")).blocked()).isFalse();
    }
}
