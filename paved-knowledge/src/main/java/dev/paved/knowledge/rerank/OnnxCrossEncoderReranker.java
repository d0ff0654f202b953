package dev.paved.knowledge.rerank;

import dev.paved.embedding.CrossEncoderModel;
import java.util.List;

/** An in-process cross-encoder ({@link CrossEncoderModel}) as a {@link Reranker}; scores are the model's logits. */
public final class OnnxCrossEncoderReranker implements Reranker, AutoCloseable {

    private final CrossEncoderModel model;

    public OnnxCrossEncoderReranker(CrossEncoderModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public double[] score(String query, List<String> documents) {
        float[] s = model.score(query, documents);
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i];
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
