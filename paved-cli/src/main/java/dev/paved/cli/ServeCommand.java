package dev.paved.cli;

import dev.paved.server.PavedServer;
import dev.paved.server.config.ConfigException;
import dev.paved.server.config.ConfigLoader;
import dev.paved.server.config.PavedConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the platform. With no configuration it runs an embedded PostgreSQL under ./data and serves on :8080.",
                "Settings: PAVED_PORT, PAVED_DATA_DIR, PAVED_CONFIG (paved.yaml), PAVED_ADMIN_KEY, PAVED_DATABASE_URL, PAVED_REDIS_URL."})
final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() throws InterruptedException {
        PavedConfig config;
        try {
            config = ConfigLoader.load(System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        PavedServer server = PavedServer.start(config, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "paved-shutdown"));
        stopped.await();
        return 0;
    }
}
