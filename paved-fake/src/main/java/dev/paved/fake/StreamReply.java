package dev.paved.fake;

/** A server-sent-events response played event by event. */
record StreamReply(SseScript script) implements Reply {
}
