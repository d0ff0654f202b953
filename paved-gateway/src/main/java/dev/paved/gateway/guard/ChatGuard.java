package dev.paved.gateway.guard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paved.core.RequestContext;
import dev.paved.gateway.WireFormat;
import dev.paved.gateway.chat.ClientChannel;

/**
 * The guardrail hook of the chat path: runs before a chat call goes upstream and may rewrite the request
 * (redaction, fencing of tool results), answer the caller itself (a blocked request), or wrap the caller's
 * channel to check the answer on its way back.
 */
@FunctionalInterface
public interface ChatGuard {
    /** No guardrails: every request passes unchanged. */
    ChatGuard NONE = (ctx, api, inbound, body, channel) -> channel;

    /**
     * @param api     {@code openai.chat} or {@code anthropic.messages}
     * @param body    the caller's request; may be changed in place
     * @param channel the caller's channel
     * @return the channel to answer through (possibly wrapping {@code channel}), or null when the guard already
     *         answered the caller and the call must not go upstream
     */
    ClientChannel before(RequestContext ctx, String api, WireFormat inbound, ObjectNode body, ClientChannel channel);
}
