package dev.paved.fake;

/** What an endpoint answers, before timing and faults are applied. */
sealed interface Reply permits JsonReply, StreamReply {
}
