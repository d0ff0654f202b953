package dev.paved.gateway.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Wire protocol a provider speaks. */
public enum ProviderType {
    /** OpenAI's API and every server that copies it: vLLM, Ollama, Together, Groq, LM Studio, … */
    OPENAI("openai"),
    /** Azure OpenAI deployment URLs: {@code api-key} header and an {@code api-version} query parameter. */
    AZURE_OPENAI("azure-openai"),
    /** Anthropic's Messages API. */
    ANTHROPIC("anthropic"),
    /** Models that run inside the Paved process (embeddings). */
    LOCAL("local"),
    /**
     * Paved's extractive answerer: quotes retrieved sentences instead of generating text. Served by the Paved
     * process on a loopback port in the OpenAI protocol, so routing, limits and the ledger treat it like any model.
     */
    EXTRACTIVE("extractive");

    private final String id;

    ProviderType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static ProviderType parse(String s) {
        for (ProviderType t : values()) {
            if (t.id.equalsIgnoreCase(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown provider type '" + s + "'; use one of: " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(ProviderType::id).collect(Collectors.joining(", "));
    }
}
