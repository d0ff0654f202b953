package dev.paved.fake;

/** A tool call the fake model makes: provider id, tool name and arguments as a JSON object text. */
record ToolCall(String id, String name, String argumentsJson) {
}
