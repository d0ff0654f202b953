package dev.paved.gateway.chat;

import dev.paved.core.PavedException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/** Adds the traffic policy's headers (rate-limit state) to whatever the call answers. */
final class AdmittedChannel implements ClientChannel {
    private final ClientChannel delegate;
    private final Map<String, String> headers;

    private AdmittedChannel(ClientChannel delegate, Map<String, String> headers) {
        this.delegate = delegate;
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
    public void write(Buffer sseBytes) {
        delegate.write(sseBytes);
    }

    @Override
    public void end() {
        delegate.end();
    }

    @Override
    public void fail(PavedException error) {
        delegate.fail(error.withHeaders(headers));
    }

    @Override
    public boolean streamStarted() {
        return delegate.streamStarted();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void onClientGone(Runnable action) {
        delegate.onClientGone(action);
    }

    @Override
    public boolean writeQueueFull() {
        return delegate.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable action) {
        delegate.onDrain(action);
    }
}
