package dev.paved.fake;

/** Which provider's error body a path answers with. */
enum ErrorStyle {
  /** {@code {"error":{"message","type","param","code"}}} */
  OPENAI,
  /** {@code {"type":"error","error":{"type","message"}}} */
  ANTHROPIC
}
