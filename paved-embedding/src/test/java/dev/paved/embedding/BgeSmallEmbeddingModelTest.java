package dev.paved.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BgeSmallEmbeddingModelTest {

    private static EmbeddingModel model;

    @BeforeAll
    static void loadModel() {
        model = EmbeddingModels.get(BgeSmallEmbeddingModel.ID);
    }

    private static float[] embed(String text) {
        return model.embed(List.of(text)).get(0);
    }

    @Test
    void describesBgeSmall() {
        assertThat(model.id()).isEqualTo("bge-small-en-v1.5");
        assertThat(model.dimensions()).isEqualTo(384);
        assertThat(model.maxTokens()).isEqualTo(512);
    }

    @Test
    void returnsOneUnitLengthVectorPerTextInOrder() {
        List<String> texts = List.of("first text", "a second, somewhat longer text about something else", "third");

        List<float[]> vectors = model.embed(texts);

        assertThat(vectors).hasSize(3).allSatisfy(v -> {
            assertThat(v).hasSize(384);
            assertThat(VectorMath.norm(v)).isCloseTo(1.0, within(1e-5));
        });
        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).containsExactly(embed(texts.get(i)), within(1e-4f));
        }
    }

    @Test
    void isDeterministic() {
        String text = "Deterministic embeddings make caches and re-indexing predictable.";

        assertThat(embed(text)).containsExactly(embed(text));
    }

    @Test
    void batchedResultsEqualOneByOneResults() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add("Sentence " + i + " " + "with a growing tail ".repeat(i % 7));
        }

        List<float[]> batched = model.embed(texts);

        for (int i = 0; i < texts.size(); i++) {
            assertThat(batched.get(i)).as(texts.get(i)).containsExactly(embed(texts.get(i)), within(1e-4f));
        }
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        float[] guitar = embed("A man is playing a guitar.");
        float[] strumming = embed("Someone is strumming an acoustic guitar.");
        float[] market = embed("The stock market fell sharply after the interest rate announcement.");
        float[] cat = embed("The cat is sleeping on the sofa.");
        float[] kitten = embed("A kitten naps on the couch.");

        assertThat(VectorMath.cosine(guitar, strumming)).isGreaterThan(VectorMath.cosine(guitar, market) + 0.1);
        assertThat(VectorMath.cosine(cat, kitten)).isGreaterThan(VectorMath.cosine(cat, market) + 0.1);
        assertThat(VectorMath.cosine(cat, kitten)).isGreaterThan(VectorMath.cosine(cat, guitar));
    }

    @Test
    void queryRetrievesTheRelevantPassage() {
        float[] query = model.embedQuery("How do plants turn sunlight into energy?");
        float[] photosynthesis = embed("Photosynthesis converts light energy into chemical energy stored in glucose.");
        float[] paris = embed("The Eiffel Tower was completed in 1889 for the World's Fair in Paris.");

        assertThat(VectorMath.cosine(query, photosynthesis)).isGreaterThan(VectorMath.cosine(query, paris) + 0.1);
    }

    @Test
    void queryEmbeddingAppliesTheRetrievalInstruction() {
        String query = "what is a vector database";

        float[] asQuery = model.embedQuery(query);

        assertThat(asQuery).containsExactly(embed(BgeSmallEmbeddingModel.QUERY_INSTRUCTION + query), within(1e-6f));
        assertThat(VectorMath.cosine(asQuery, embed(query))).isLessThan(0.9999);
    }

    @Test
    void embedsTheEmptyString() {
        float[] empty = embed("");

        assertThat(empty).hasSize(384);
        assertThat(VectorMath.norm(empty)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void truncatesTextsLongerThanMaxTokens() {
        String longText = "Retrieval augmented generation grounds answers in documents. ".repeat(80);
        String longerText = longText + "This trailing sentence lies far beyond the token limit.";

        assertThat(model.countTokens(longText)).isGreaterThan(model.maxTokens());
        float[] vector = embed(longText);

        assertThat(VectorMath.norm(vector)).isCloseTo(1.0, within(1e-5));
        assertThat(embed(longerText)).containsExactly(vector, within(1e-5f));
    }

    @Test
    void countsTokens() {
        assertThat(model.countTokens("")).isEqualTo(2);
        assertThat(model.countTokens("hello world")).isEqualTo(4);
        assertThat(model.countTokens("Hello, world! How are you today?")).isEqualTo(11);
    }

    @Test
    void embeddingNothingReturnsNothing() {
        assertThat(model.embed(List.of())).isEmpty();
    }

    @Test
    void rejectsNullTexts() {
        assertThatThrownBy(() -> model.embed(Arrays.asList("fine", null))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> model.embedQuery(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void concurrentCallersGetTheSameVectorsAsSequentialOnes() throws Exception {
        List<String> texts = List.of("alpha particles", "beta release notes", "gamma correction", "delta encoding");
        List<float[]> expected = model.embed(texts);

        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<List<float[]>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> model.embed(texts)));
            }
            for (Future<List<float[]>> result : results) {
                List<float[]> actual = result.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(actual.get(i)).containsExactly(expected.get(i), within(1e-6f));
                }
            }
        }
    }

    @Test
    void closedModelRefusesWork() {
        BgeSmallEmbeddingModel own = BgeSmallEmbeddingModel.load(new EmbeddingOptions(1, 4));
        float[] before = own.embed(List.of("still open")).get(0);
        own.close();
        own.close();

        assertThat(before).containsExactly(embed("still open"), within(1e-4f));
        assertThatThrownBy(() -> own.embed(List.of("now closed"))).isInstanceOf(IllegalStateException.class);
        assertThat(own.countTokens("tokenizing needs no session")).isEqualTo(7);
    }
}
