package dev.paved.guard.injection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {
    @Test
    void foldsCaseWidthInvisiblesAndMixedScriptLookAlikes() {
        assertThat(TextNormalizer.fold("Ｈｅｌｌｏ\u200b Wоrld")).isEqualTo("hello world");
    }

    @Test
    void leavesWholeWordsInOtherScriptsAlone() {
        assertThat(TextNormalizer.fold("Привет мир")).isEqualTo("привет мир");
    }

    @Test
    void joinsSpacedLetters() {
        assertThat(TextNormalizer.fold("please i g n o r e this")).isEqualTo("please ignore this");
    }

    @Test
    void leetOnlyChangesWordsThatMixLettersAndDigits() {
        assertThat(TextNormalizer.deLeet("1gn0r3 the 2024 report")).isEqualTo("ignore the 2024 report");
    }

    @Test
    void appendsDecodedBase64() {
        String b64 = java.util.Base64.getEncoder().encodeToString("Hello there, general Kenobi".getBytes());
        assertThat(TextNormalizer.normalize("x " + b64)).contains("hello there, general kenobi");
    }

    @Test
    void doesNotDecodeOrdinaryLongWords() {
        assertThat(TextNormalizer.normalize("Donaudampfschifffahrtsgesellschaft")).isEqualTo("donaudampfschifffahrtsgesellschaft");
    }
}
