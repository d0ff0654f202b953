package dev.paved.embedding;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A BERT-style cross-encoder (e.g. an ms-marco MiniLM or bge-reranker export) run in-process with ONNX Runtime: it reads
 * a (query, document) pair as {@code [CLS] query [SEP] document [SEP]} and outputs a relevance logit. The model file
 * must take {@code input_ids} and {@code attention_mask} (and optionally {@code token_type_ids}) and have one output of
 * shape {@code [batch, n]}; the last column is the relevance (for two-class heads, the positive class). Its
 * {@code tokenizer.json} must be a BERT WordPiece tokenizer. Thread-safe.
 */
public final class CrossEncoderModel implements AutoCloseable {

    public static final int DEFAULT_MAX_TOKENS = 512;
    private static final int BATCH = 16;

    private final String name;
    private final BertTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String output;
    private final boolean takesTokenTypes;
    private final int maxTokens;

    private CrossEncoderModel(String name, BertTokenizer tokenizer, OrtEnvironment environment, OrtSession session,
                              String output, boolean takesTokenTypes, int maxTokens) {
        this.name = name;
        this.tokenizer = tokenizer;
        this.environment = environment;
        this.session = session;
        this.output = output;
        this.takesTokenTypes = takesTokenTypes;
        this.maxTokens = maxTokens;
    }

    /**
     * Loads the model and its tokenizer.
     *
     * @throws EmbeddingException when the files are not a supported cross-encoder, naming what is wrong
     */
    public static CrossEncoderModel load(Path onnxFile, Path tokenizerJson, int intraOpThreads, int maxTokens) {
        BertTokenizer tokenizer;
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            tokenizer = BertTokenizerJson.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + tokenizerJson, e);
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(onnxFile.toString(), options);
            Set<String> inputs = session.getInputNames();
            if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
                throw new EmbeddingException(onnxFile + " is not a cross-encoder: its inputs " + inputs
                        + " lack input_ids/attention_mask");
            }
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (outputs.size() != 1 || !(outputs.values().iterator().next().getInfo() instanceof TensorInfo t)
                    || t.getShape().length != 2) {
                throw new EmbeddingException(onnxFile + " is not a cross-encoder: it should have one output of shape "
                        + "[batch, n] (relevance logits), it has " + describe(outputs));
            }
            String name = onnxFile.getFileName().toString().replaceFirst("\\.onnx$", "");
            return new CrossEncoderModel(name, tokenizer, environment, session, outputs.keySet().iterator().next(),
                    inputs.contains("token_type_ids"), maxTokens);
        } catch (OrtException | RuntimeException e) {
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            if (e instanceof EmbeddingException ee) {
                throw ee;
            }
            throw new EmbeddingException("could not load the cross-encoder " + onnxFile + ": " + e.getMessage(), e);
        }
    }

    /** The model file's name without {@code .onnx}. */
    public String name() {
        return name;
    }

    /** The relevance logit of each document for {@code query}, in the order of {@code documents}. */
    public float[] score(String query, List<String> documents) {
        Objects.requireNonNull(query, "query");
        float[] scores = new float[documents.size()];
        for (int from = 0; from < documents.size(); from += BATCH) {
            int to = Math.min(documents.size(), from + BATCH);
            int[][][] pairs = new int[to - from][][];
            int length = 0;
            for (int i = from; i < to; i++) {
                pairs[i - from] = tokenizer.encodePair(query, documents.get(i), maxTokens);
                length = Math.max(length, pairs[i - from][0].length);
            }
            float[] batch = run(pairs, length);
            System.arraycopy(batch, 0, scores, from, batch.length);
        }
        return scores;
    }

    private float[] run(int[][][] pairs, int length) {
        int n = pairs.length;
        long[] ids = new long[n * length];
        long[] mask = new long[n * length];
        long[] types = new long[n * length];
        for (int row = 0; row < n; row++) {
            int[] seq = pairs[row][0];
            for (int col = 0; col < length; col++) {
                boolean real = col < seq.length;
                ids[row * length + col] = real ? seq[col] : tokenizer.padId();
                mask[row * length + col] = real ? 1 : 0;
                types[row * length + col] = real ? pairs[row][1][col] : 0;
            }
        }
        long[] shape = {n, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (takesTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
                OnnxTensor logits = (OnnxTensor) result.get(0);
                long[] outShape = logits.getInfo().getShape();
                int columns = (int) outShape[1];
                FloatBuffer values = logits.getFloatBuffer();
                float[] scores = new float[n];
                for (int row = 0; row < n; row++) {
                    scores[row] = values.get(row * columns + columns - 1);
                }
                return scores;
            }
        } catch (OrtException e) {
            throw new EmbeddingException("cross-encoder inference failed", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static String describe(Map<String, NodeInfo> outputs) {
        StringBuilder b = new StringBuilder();
        outputs.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(' ').append(v.getInfo()));
        return b.toString();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new EmbeddingException("could not close the cross-encoder session", e);
        }
    }
}
