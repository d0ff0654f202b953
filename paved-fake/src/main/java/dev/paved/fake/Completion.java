package dev.paved.fake;

/**
 * What the fake model answers, independent of the wire protocol.
 *
 * @param model     model name echoed from the request
 * @param pieces    streamed pieces: text tokens, or tool-call argument fragments
 * @param toolCall  the tool call, or null for a text answer
 * @param truncated true when the request's max tokens cut the answer short
 */
record Completion(String model, ContentPieces pieces, ToolCall toolCall, boolean truncated) {

  /** Tokens generated: one per piece. */
  int outputTokens() {
    return pieces.size();
  }

  boolean isToolCall() {
    return toolCall != null;
  }
}
