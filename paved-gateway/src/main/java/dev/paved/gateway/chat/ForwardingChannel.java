package dev.paved.gateway.chat;

import dev.paved.core.PavedException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A channel that passes everything to another; subclasses override what they change. */
class ForwardingChannel implements ClientChannel {
    protected final ClientChannel delegate;

    ForwardingChannel(ClientChannel delegate) {
        this.delegate = delegate;
    }

    @Override
    public void sendJson(int status, Buffer body, MultiMap extraHeaders) {
        delegate.sendJson(status, body, extraHeaders);
    }

    @Override
    public void beginStream(MultiMap extraHeaders) {
        delegate.beginStream(extraHeaders);
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
        delegate.fail(error);
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
