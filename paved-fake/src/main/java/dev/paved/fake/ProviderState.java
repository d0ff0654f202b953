package dev.paved.fake;

/** Everything the event loops share: options, counters, faults, scripted replies, recorder, prompt cache, canned bodies. */
record ProviderState(FakeOptions options, Overrides defaults, StatsCounters stats, FaultController faults,
                     ScriptedReplies replies, RequestRecorder recorder, PromptCache promptCache, ModelList models) {

  static final int PROMPT_CACHE_ENTRIES = 10_000;

  static ProviderState create(FakeOptions options) {
    return new ProviderState(options, Overrides.defaults(options), new StatsCounters(), new FaultController(),
        new ScriptedReplies(), new RequestRecorder(options.recordedRequests()), new PromptCache(PROMPT_CACHE_ENTRIES),
        ModelList.of(options.models(), System.currentTimeMillis() / 1000));
  }
}
