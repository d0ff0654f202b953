package dev.paved.rag;

import java.util.Locale;

/** The ten steps of a RAG request, in order; each is one span on the request's trace. */
public enum RagStep {
    AUTH, INPUT_GUARD, CACHE_LOOKUP, REWRITE, RETRIEVE, ASSEMBLE, GENERATE, OUTPUT_GUARD, CITE_AND_STORE, LOG;

    /** Span and log name, e.g. {@code rag.input_guard}. */
    public String spanName() {
        return "rag." + name().toLowerCase(Locale.ROOT);
    }

    /** 1-based position in the lifecycle. */
    public int number() {
        return ordinal() + 1;
    }
}
