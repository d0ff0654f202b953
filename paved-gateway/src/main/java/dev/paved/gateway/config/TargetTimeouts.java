package dev.paved.gateway.config;

import java.time.Duration;

/**
 * Time limits for calls to one target; a null limit falls back to the provider's.
 *
 * @param connect    to open a connection
 * @param firstToken from sending the request to the first answer token (streams) or the response head (non-streams)
 * @param idle       longest silence between two chunks of an answer
 * @param total      for the whole call
 */
public record TargetTimeouts(Duration connect, Duration firstToken, Duration idle, Duration total) {
    public static final TargetTimeouts NONE = new TargetTimeouts(null, null, null, null);

    /** The total limit for this target: its own, else the provider's. */
    public Duration totalOr(Duration providerTimeout) {
        return total != null ? total : providerTimeout;
    }
}
