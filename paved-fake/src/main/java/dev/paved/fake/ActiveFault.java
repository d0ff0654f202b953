package dev.paved.fake;

/**
 * A programmed fault as it stands now.
 *
 * @param id        handle for {@link FaultController#remove(long)}
 * @param rule      the rule as added
 * @param remaining requests left for a counted rule, -1 for a rule without a count
 * @param injected  how many requests it has faulted so far
 */
public record ActiveFault(long id, FaultRule rule, int remaining, long injected) {
}
