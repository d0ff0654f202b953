package dev.paved.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Expected ids were produced by Hugging Face {@code tokenizers} from the same tokenizer.json. */
class BertTokenizerTest {

    private static final int CLS = 101;
    private static final int SEP = 102;
    private static final int UNK = 100;

    private static BertTokenizer tokenizer;

    @BeforeAll
    static void readTokenizer() throws IOException {
        try (InputStream json = BertTokenizerTest.class.getResourceAsStream("/bge-small-en-v1.5-tokenizer.json")) {
            assertThat(json).as("tokenizer.json on the classpath").isNotNull();
            tokenizer = BertTokenizerJson.read(json);
        }
    }

    private static int[] ids(String text) {
        return tokenizer.encode(text, BgeSmallEmbeddingModel.MAX_TOKENS);
    }

    @Test
    void wrapsWordsInClsAndSep() {
        assertThat(ids("hello world")).containsExactly(CLS, 7592, 2088, SEP);
    }

    @Test
    void lowercasesAndSplitsPunctuation() {
        assertThat(ids("Hello, World!")).containsExactly(CLS, 7592, 1010, 2088, 999, SEP);
        assertThat(ids("$5+3=8")).containsExactly(CLS, 1002, 1019, 1009, 1017, 1027, 1022, SEP);
    }

    @Test
    void stripsAccents() {
        assertThat(ids("Naïve café RÉSUMÉ")).containsExactly(CLS, 15743, 7668, 13746, SEP);
        assertThat(ids("ΣΟΦΟΣ")).containsExactly(CLS, 1173, 29730, 29736, 29730, 29733, SEP);
    }

    @Test
    void splitsUnknownWordsIntoWordPieces() {
        assertThat(ids("unaffable tokenization")).containsExactly(CLS, 14477, 20961, 3468, 19204, 3989, SEP);
        assertThat(ids("supercalifragilisticexpialidocious"))
                .containsExactly(CLS, 3565, 9289, 10128, 29181, 24411, 4588, 10288, 19312, 21273, 10085, 6313, SEP);
    }

    @Test
    void tokenizesChineseCharactersOneByOne() {
        assertThat(ids("中文 text")).containsExactly(CLS, 1746, 1861, 3793, SEP);
    }

    @Test
    void cleansWhitespaceAndFormatCharacters() {
        assertThat(ids("a\u00a0b\tc\u200bd")).containsExactly(CLS, 1037, 1038, 3729, SEP);
    }

    @Test
    void mapsUnsplittableAndOverlongWordsToUnknown() {
        assertThat(ids("emoji \uD83D\uDE00 here")).containsExactly(CLS, 7861, 29147, 2072, UNK, 2182, SEP);
        assertThat(ids("a".repeat(101))).containsExactly(CLS, UNK, SEP);
    }

    @Test
    void keepsVerbatimSpecialTokensWhole() {
        assertThat(ids("x[SEP]y [cls]")).containsExactly(CLS, 1060, SEP, 1061, 1031, 18856, 2015, 1033, SEP);
    }

    @Test
    void emptyTextIsJustClsAndSep() {
        assertThat(ids("")).containsExactly(CLS, SEP);
        assertThat(ids(" \n\t ")).containsExactly(CLS, SEP);
        assertThat(tokenizer.countTokens("")).isEqualTo(2);
    }

    @Test
    void truncatesToTheFirstTokensAndKeepsSep() {
        String longText = "The quick brown fox jumps over the lazy dog. ".repeat(100);
        int[] full = tokenizer.encode(longText, Integer.MAX_VALUE);
        int[] truncated = ids(longText);

        assertThat(full.length).isGreaterThan(1000);
        assertThat(truncated).hasSize(BgeSmallEmbeddingModel.MAX_TOKENS);
        assertThat(truncated[0]).isEqualTo(CLS);
        assertThat(truncated[truncated.length - 1]).isEqualTo(SEP);
        assertThat(Arrays.copyOf(truncated, truncated.length - 1))
                .containsExactly(Arrays.copyOf(full, truncated.length - 1));
    }

    @Test
    void countsTokensWithoutTruncation() {
        String longText = "The quick brown fox jumps over the lazy dog. ".repeat(100);

        assertThat(tokenizer.countTokens("hello world")).isEqualTo(4);
        assertThat(tokenizer.countTokens(longText)).isEqualTo(tokenizer.encode(longText, Integer.MAX_VALUE).length)
                .isEqualTo(100 * 10 + 2);
    }

    @Test
    void longTextsGiveTheSameTokensAsTheirParts() {
        // Long texts are tokenized in chunks of about 2048 characters; 2048 = 6 * 341 + 2, so the first chunk
        // boundary falls on a vertical tab, a control character that normalisation deletes ("abcd" is one word).
        String unit = "ab\u000Bcd ";
        int[] word = tokenizer.encode("abcd", Integer.MAX_VALUE);
        int[] pieces = Arrays.copyOfRange(word, 1, word.length - 1);
        int[] expected = new int[pieces.length * 1000 + 2];
        expected[0] = CLS;
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(pieces, 0, expected, 1 + i * pieces.length, pieces.length);
        }
        expected[expected.length - 1] = SEP;

        assertThat(tokenizer.encode(unit, Integer.MAX_VALUE)).containsExactly(word);
        assertThat(tokenizer.encode(unit.repeat(1000), Integer.MAX_VALUE)).containsExactly(expected);
    }

    @Test
    void rejectsALimitWithoutRoomForSpecialTokens() {
        assertThatThrownBy(() -> tokenizer.encode("hello", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
