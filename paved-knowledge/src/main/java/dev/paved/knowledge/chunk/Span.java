package dev.paved.knowledge.chunk;

/** A range {@code [start, end)} of a text with its token count. */
record Span(int start, int end, int tokens) {
}
