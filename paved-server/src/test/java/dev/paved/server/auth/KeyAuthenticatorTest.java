package dev.paved.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paved.core.PavedException;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyAuthenticatorTest {
    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger lookups = new AtomicInteger();
    private final KeyAuthenticator auth = new KeyAuthenticator(vertx, secret -> {
        lookups.incrementAndGet();
        return "pk_good".equals(secret) ? Optional.of(new Principal("key_1", "tn_1", Set.of("a"), "f")) : Optional.empty();
    });

    @AfterEach
    void close() {
        vertx.close();
    }

    private Principal await(String secret) throws Exception {
        return auth.authenticate(secret).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private String failureCode(String secret) throws Exception {
        try {
            await(secret);
            return "none";
        } catch (ExecutionException e) {
            return ((PavedException) e.getCause()).code();
        }
    }

    @Test
    void goodKeyIsLookedUpOnceThenServedFromCache() throws Exception {
        assertThat(await("pk_good").tenantId()).isEqualTo("tn_1");
        assertThat(await("pk_good").keyId()).isEqualTo("key_1");
        assertThat(lookups.get()).isEqualTo(1);
        auth.invalidateAll();
        await("pk_good");
        assertThat(lookups.get()).isEqualTo(2);
    }

    @Test
    void missingAndUnknownKeysFailWithDistinctCodesAndUnknownOnesAreCachedToo() throws Exception {
        assertThat(failureCode(null)).isEqualTo("missing_api_key");
        assertThat(failureCode("  ")).isEqualTo("missing_api_key");
        assertThat(failureCode("pk_bad")).isEqualTo("invalid_api_key");
        assertThat(failureCode("pk_bad")).isEqualTo("invalid_api_key");
        assertThat(lookups.get()).isEqualTo(1);
    }

    @Test
    void hashIsSha256Hex() {
        assertThat(KeyAuthenticator.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
