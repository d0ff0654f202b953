package dev.paved.embedding;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One ONNX Runtime session of a BERT-style encoder ({@code input_ids}, {@code attention_mask}, optional
 * {@code token_type_ids} in; {@code last_hidden_state} out), created once and shared by all callers:
 * {@link OrtSession#run} is thread-safe. Returns the hidden state of the first token ([CLS]) of each sequence.
 */
final class OnnxBertEncoder implements AutoCloseable {

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final String LAST_HIDDEN_STATE = "last_hidden_state";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean takesTokenTypes;
    private final int hiddenSize;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxBertEncoder(OrtEnvironment environment, OrtSession session, boolean takesTokenTypes, int hiddenSize) {
        this.environment = environment;
        this.session = session;
        this.takesTokenTypes = takesTokenTypes;
        this.hiddenSize = hiddenSize;
    }

    static OnnxBertEncoder open(byte[] model, int intraOpThreads) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Idle intra-op threads otherwise spin on the CPU after every call, taking it from the event loops
            // that serve the rest of the request (measured with bench/rag.sh on 2 cores).
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = environment.createSession(model, options);
            Set<String> inputs = session.getInputNames();
            if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
                throw new EmbeddingException("model inputs " + inputs + " lack " + INPUT_IDS + "/" + ATTENTION_MASK);
            }
            return new OnnxBertEncoder(environment, session, inputs.contains(TOKEN_TYPE_IDS), hiddenSize(session));
        } catch (OrtException | RuntimeException e) {
            EmbeddingException failure = e instanceof EmbeddingException embedding
                    ? embedding : new EmbeddingException("could not create the ONNX Runtime session", e);
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException closeFailure) {
                    failure.addSuppressed(closeFailure);
                }
            }
            throw failure;
        }
    }

    int hiddenSize() {
        return hiddenSize;
    }

    /**
     * Runs one batch. Sequences shorter than the longest are padded with {@code padId} and masked out.
     *
     * @return the [CLS] hidden state of each sequence, in order
     */
    float[][] encodeFirstToken(int[][] sequences, int padId) {
        int batch = sequences.length;
        int length = 0;
        for (int[] sequence : sequences) {
            length = Math.max(length, sequence.length);
        }
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        for (int row = 0; row < batch; row++) {
            int[] sequence = sequences[row];
            for (int col = 0; col < length; col++) {
                boolean real = col < sequence.length;
                ids[row * length + col] = real ? sequence[col] : padId;
                mask[row * length + col] = real ? 1 : 0;
            }
        }
        long[] shape = {batch, length};
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the embedding model has been closed");
            }
            return run(shape, ids, mask);
        } catch (OrtException e) {
            throw new EmbeddingException("ONNX Runtime inference failed", e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private float[][] run(long[] shape, long[] ids, long[] mask) throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (takesTokenTypes) {
                inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(environment, LongBuffer.allocate(ids.length), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(LAST_HIDDEN_STATE))) {
                OnnxValue value = result.get(LAST_HIDDEN_STATE)
                        .orElseThrow(() -> new EmbeddingException("model returned no " + LAST_HIDDEN_STATE));
                FloatBuffer hidden = ((OnnxTensor) value).getFloatBuffer();
                int batch = (int) shape[0];
                int stride = (int) shape[1] * hiddenSize;
                float[][] first = new float[batch][hiddenSize];
                for (int row = 0; row < batch; row++) {
                    hidden.get(row * stride, first[row]);
                }
                return first;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
            }
        } catch (OrtException e) {
            throw new EmbeddingException("could not close the ONNX Runtime session", e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private static int hiddenSize(OrtSession session) throws OrtException {
        NodeInfo output = session.getOutputInfo().get(LAST_HIDDEN_STATE);
        if (output == null || !(output.getInfo() instanceof TensorInfo tensor) || tensor.getShape().length != 3
                || tensor.getShape()[2] <= 0) {
            throw new EmbeddingException("model has no [batch, sequence, hidden] output named " + LAST_HIDDEN_STATE
                    + "; outputs: " + session.getOutputNames());
        }
        return (int) tensor.getShape()[2];
    }
}
