package dev.paved.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossEncoderModelTest {

    @TempDir
    static Path tmp;
    private static Path tokenizer;

    @BeforeAll
    static void extractTokenizer() throws Exception {
        tokenizer = tmp.resolve("tokenizer.json");
        try (InputStream in = CrossEncoderModelTest.class.getResourceAsStream("/bge-small-en-v1.5-tokenizer.json")) {
            Files.copy(in, tokenizer);
        }
    }

    private static Path countingModel() throws Exception {
        return Path.of(CrossEncoderModelTest.class.getResource("/cross-encoder/counting-cross-encoder.onnx").toURI());
    }

    @Test
    void pairsAreEncodedAsClsQuerySepDocumentSepWithSegmentTypes() throws Exception {
        BertTokenizer t;
        try (InputStream in = Files.newInputStream(tokenizer)) {
            t = BertTokenizerJson.read(in);
        }
        int[][] pair = t.encodePair("apple pie", "an apple", 512);
        assertThat(pair[0]).containsExactly(101, 6207, 11345, 102, 2019, 6207, 102);
        assertThat(pair[1]).containsExactly(0, 0, 0, 0, 1, 1, 1);
        int[][] truncated = t.encodePair("one two three four five six", "seven eight nine", 8);
        assertThat(truncated[0]).hasSize(8);
        // Longest first: the query (6 tokens) loses tokens until both sides are even, then the document.
        assertThat(truncated[1]).containsExactly(0, 0, 0, 0, 0, 1, 1, 1);
    }

    @Test
    void scoresEachDocumentInBatches() throws Exception {
        try (CrossEncoderModel m = CrossEncoderModel.load(countingModel(), tokenizer, 1, 512)) {
            assertThat(m.name()).isEqualTo("counting-cross-encoder");
            List<String> docs = new java.util.ArrayList<>(List.of("apple apple pie", "banana bread", "an apple a day"));
            for (int i = 0; i < 20; i++) {
                docs.add("apple ".repeat(i % 4) + "filler");
            }
            float[] scores = m.score("which fruit", docs);
            assertThat(scores[0]).isEqualTo(2f);
            assertThat(scores[1]).isEqualTo(0f);
            assertThat(scores[2]).isEqualTo(1f);
            for (int i = 0; i < 20; i++) {
                assertThat(scores[3 + i]).isEqualTo((float) (i % 4));
            }
            // The query segment does not count: only the document's "apple" tokens are type 1.
            assertThat(m.score("apple apple apple", List.of("pear"))).containsExactly(0f);
        }
    }

    @Test
    void anEmbeddingModelIsNotAcceptedAsACrossEncoder() throws Exception {
        Path bge = tmp.resolve("bge.onnx");
        try (InputStream in = CrossEncoderModelTest.class.getResourceAsStream("/bge-small-en-v1.5.onnx")) {
            Files.copy(in, bge);
        }
        assertThatThrownBy(() -> CrossEncoderModel.load(bge, tokenizer, 1, 512))
                .isInstanceOf(EmbeddingException.class).hasMessageContaining("is not a cross-encoder")
                .hasMessageContaining("last_hidden_state");
    }
}
