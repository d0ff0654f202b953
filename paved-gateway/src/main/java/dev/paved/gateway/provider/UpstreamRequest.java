package dev.paved.gateway.provider;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.Duration;

/** A fully addressed HTTP POST to a provider: URL, headers (auth included) and body. */
public record UpstreamRequest(URI uri, MultiMap headers, Buffer body, Duration timeout) {
}
