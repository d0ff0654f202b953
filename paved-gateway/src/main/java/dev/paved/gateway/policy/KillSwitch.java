package dev.paved.gateway.policy;

import java.time.Instant;

/**
 * One switched-off thing.
 *
 * @param target tenant id, feature id, alias, {@code provider/model} or model name; {@code inference} for global
 * @param reason what the operator wrote; shown to callers
 */
public record KillSwitch(SwitchScope scope, String target, String reason, Instant since) {
}
