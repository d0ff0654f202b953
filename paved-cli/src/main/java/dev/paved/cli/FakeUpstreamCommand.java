package dev.paved.cli;

import dev.paved.fake.FakeOptions;
import dev.paved.fake.FakeProvider;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fake-upstream", mixinStandardHelpOptions = true,
        description = {"Run a fake model provider that speaks the OpenAI and Anthropic wire protocols, for benchmarks and chaos drills.",
                "Per request, headers override the defaults: x-fake-latency-ms, x-fake-ttft-ms, x-fake-token-delay-ms, x-fake-tokens, x-fake-fault.",
                "See paved-fake/README.md for the fault syntax."})
final class FakeUpstreamCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "18080", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;
    @Option(names = "--tokens", defaultValue = "16", description = "Output tokens per answer (default ${DEFAULT-VALUE}).")
    int tokens;
    @Option(names = "--latency-ms", defaultValue = "0", description = "Delay before the response (default ${DEFAULT-VALUE}).")
    long latencyMs;
    @Option(names = "--ttft-ms", defaultValue = "0", description = "Stream: delay before the first token (default ${DEFAULT-VALUE}).")
    long ttftMs;
    @Option(names = "--token-delay-ms", defaultValue = "0", description = "Stream: delay between tokens (default ${DEFAULT-VALUE}).")
    long tokenDelayMs;
    @Option(names = "--require-key", description = "Reject requests without an API key, like a real provider.")
    boolean requireKey;

    @Override
    public Integer call() throws InterruptedException {
        FakeOptions options = FakeOptions.defaults()
                .withHost(host).withPort(port).withDefaultTokens(tokens)
                .withLatencyMs(latencyMs).withTtftMs(ttftMs).withTokenDelayMs(tokenDelayMs)
                .withRequireApiKey(requireKey);
        FakeProvider fake = FakeProvider.start(options);
        System.out.println("fake provider listening on http://" + host + ":" + fake.port()
                + "  (OpenAI base URL " + fake.openAiBaseUrl() + ", Anthropic base URL " + fake.anthropicBaseUrl() + ")");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stop.countDown();
        }, "fake-upstream-shutdown"));
        stop.await();
        return 0;
    }
}
