package dev.paved.gateway.wire;

/** Maps Anthropic {@code stop_reason} values and OpenAI {@code finish_reason} values onto each other. */
final class StopReasons {
    private StopReasons() {
    }

    /** Anthropic {@code stop_reason} to OpenAI {@code finish_reason}; unknown or null gives {@code stop}. */
    static String toOpenAi(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    /** OpenAI {@code finish_reason} to Anthropic {@code stop_reason}; unknown or null gives {@code end_turn}. */
    static String toAnthropic(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }
}
