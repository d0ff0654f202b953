package dev.paved.server.guard;

import dev.paved.core.RequestContext;

/** Where guardrail decisions go: the audit log, metrics and the trace. Must not block the caller. */
interface GuardEvents {
    void decided(RequestContext ctx, String api, String alias, GuardDecision decision);

    /** Counts a request that passed a stage with nothing to report (metrics only). */
    void passed(String api, String stage, long scanMicros);
}
