package dev.paved.fake;

/** Input-side usage of a Messages request; total prompt = input + cache creation + cache read. */
record AnthropicUsage(int inputTokens, int cacheCreationInputTokens, int cacheReadInputTokens) {
}
