package dev.paved.gateway.chat;

import dev.paved.core.PavedException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/** Adds headers (rate-limit state, cache outcome) to whatever the call answers. */
final class AdmittedChannel extends ForwardingChannel {
    private final Map<String, String> headers;

    private AdmittedChannel(ClientChannel delegate, Map<String, String> headers) {
        super(delegate);
        this.headers = headers;
    }

    static ClientChannel wrap(ClientChannel channel, Map<String, String> headers) {
        return headers.isEmpty() ? channel : new AdmittedChannel(channel, headers);
    }

    private MultiMap merged(MultiMap extra) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(m::set);
        if (extra != null) {
            m.setAll(extra);
        }
        return m;
    }

    @Override
    public void sendJson(int status, Buffer body, MultiMap extraHeaders) {
        delegate.sendJson(status, body, merged(extraHeaders));
    }

    @Override
    public void beginStream(MultiMap extraHeaders) {
        delegate.beginStream(merged(extraHeaders));
    }

    @Override
    public void fail(PavedException error) {
        delegate.fail(error.withHeaders(headers));
    }
}
