package dev.paved.server;

import dev.paved.gateway.chat.CallObserver;
import dev.paved.gateway.chat.ChatPipeline;
import dev.paved.embedding.EmbeddingModels;
import dev.paved.gateway.cache.ResponseCache;
import dev.paved.gateway.chat.CacheOffline;
import dev.paved.gateway.chat.OfflineFallback;
import dev.paved.server.http.CacheApi;
import dev.paved.server.http.GuardAuditApi;
import dev.paved.server.telemetry.CacheMetrics;
import dev.paved.gateway.resilience.HealthRegistry;
import dev.paved.server.http.TargetsApi;
import dev.paved.server.telemetry.ResilienceMetrics;
import dev.paved.gateway.embed.EmbeddingsPipeline;
import dev.paved.gateway.provider.UpstreamHttp;
import dev.paved.gateway.route.AliasRouter;
import dev.paved.gateway.usage.TokenEstimator;
import dev.paved.server.auth.KeyAuthenticator;
import dev.paved.server.auth.Principal;
import dev.paved.server.config.PavedConfig;
import dev.paved.server.config.ServerSettings;
import dev.paved.server.db.Database;
import dev.paved.server.db.EmbeddedPostgres;
import dev.paved.server.db.EmbeddedPostgresConfig;
import dev.paved.server.http.AdminApi;
import dev.paved.server.http.HttpApi;
import dev.paved.server.http.KnowledgeApi;
import dev.paved.server.knowledge.Embedders;
import dev.paved.server.knowledge.GatewayEmbeddings;
import dev.paved.server.knowledge.KbIndexes;
import dev.paved.server.knowledge.KnowledgeService;
import dev.paved.server.knowledge.KnowledgeSettings;
import dev.paved.server.knowledge.KnowledgeStore;
import dev.paved.server.knowledge.Rerankers;
import dev.paved.server.http.PolicyAdminApi;
import dev.paved.server.policy.PolicyRuntime;
import dev.paved.server.store.AdminKeyStore;
import dev.paved.server.store.GuardAuditStore;
import dev.paved.server.store.ApiKeyStore;
import dev.paved.server.store.LedgerFeatures;
import dev.paved.server.store.LedgerQueries;
import dev.paved.server.store.PostgresLedgerSink;
import dev.paved.server.store.TenantStore;
import dev.paved.server.telemetry.GatewayMetrics;
import dev.paved.server.telemetry.LedgerMetrics;
import dev.paved.server.telemetry.Tracing;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: starts the database (embedded or external), the stores, the ledger writer,
 * telemetry, the gateway pipelines and the HTTP server on every event loop, and stops them in
 * reverse order.
 */
public final class PavedServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PavedServer.class);

    /**
     * Things tests replace; production uses {@link #defaults()}.
     *
     * @param embedders   extra embedders knowledge bases may pin, by id
     * @param localModels the in-process embedding models the response cache and knowledge bases use, by id
     *                    ({@link EmbeddingModels#get}; tests wrap them to count calls)
     */
    public record Options(Tracing tracing, boolean durableDatabase, java.util.Map<String, dev.paved.knowledge.embed.Embedder> embedders,
                          java.util.function.Function<String, dev.paved.embedding.EmbeddingModel> localModels) {
        public Options(Tracing tracing, boolean durableDatabase) {
            this(tracing, durableDatabase, java.util.Map.of(), EmbeddingModels::get);
        }

        public static Options defaults() {
            return new Options(null, true);
        }
    }

    private final List<AutoCloseable> closeInOrder = new ArrayList<>();
    private final int port;
    private final Database database;
    private final PostgresLedgerSink ledger;
    private final Vertx vertx;
    private KnowledgeService knowledge;
    private dev.paved.server.rag.RagService rag;
    private final PolicyRuntime policy;

    private PavedServer(int port, Database database, PostgresLedgerSink ledger, Vertx vertx, PolicyRuntime policy) {
        this.policy = policy;
        this.port = port;
        this.database = database;
        this.ledger = ledger;
        this.vertx = vertx;
    }

    public static PavedServer start(PavedConfig config, PrintStream out) {
        return start(config, out, Options.defaults());
    }

    public static PavedServer start(PavedConfig loaded, PrintStream out, Options options) {
        ServerSettings s = loaded.server();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            EmbeddedPostgres pg = null;
            Database db;
            if (s.databaseUrl() == null) {
                out.println("Starting embedded PostgreSQL under " + s.dataDir().toAbsolutePath().normalize() + " ...");
                pg = EmbeddedPostgres.start(EmbeddedPostgresConfig.of(s.dataDir()).withDurable(options.durableDatabase()));
                resources.add(pg);
                db = Database.embedded(pg);
            } else {
                db = Database.external(s.databaseUrl());
            }
            resources.add(db);

            TenantStore tenants = new TenantStore(db);
            ApiKeyStore keys = new ApiKeyStore(db);
            resources.add(keys);
            AdminKeyStore admins = new AdminKeyStore(db);
            // Printed at once: the key is stored (hashed) now, so a later start-up failure must not swallow it.
            admins.ensureBootstrap(s.adminKey()).ifPresent(key -> printAdminKey(out, key));
            PostgresLedgerSink ledger = new PostgresLedgerSink(db);
            resources.add(ledger);

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            JvmGcMetrics gc = new JvmGcMetrics();
            gc.bindTo(registry);
            resources.add(gc);
            LedgerMetrics.bind(registry, ledger);
            Tracing tracing = options.tracing() != null ? options.tracing()
                    : s.otlpEndpoint() == null ? Tracing.off() : Tracing.otlp(s.otlpEndpoint());
            resources.add(tracing);

            int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
            resources.add(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            // The extractive answerer listens on loopback; its providers get that address before anything routes to them.
            dev.paved.server.rag.ExtractiveServer extractive = dev.paved.server.rag.ExtractiveServer.start(vertx);
            resources.add(extractive);
            PavedConfig config = loaded.withGateway(extractive.wire(loaded.gateway()));
            UpstreamHttp http = new UpstreamHttp(vertx, 512, 10_000);

            PolicyRuntime policy = PolicyRuntime.start(vertx, config, db, tenants, registry);
            resources.add(policy);
            HealthRegistry health = new HealthRegistry(config.gateway().resilience(), policy.breakerBus());
            ResilienceMetrics.bind(registry, health);
            AliasRouter router = new AliasRouter(config.gateway(), policy.targetSwitches(),
                    tenantId -> policy.tenantRules().homeRegion(tenantId).orElse(null), health);
            CallObserver observer = CallObserver.all(List.of((ctx, entry) -> ledger.record(entry), new GatewayMetrics(registry), tracing));
            ResponseCache cache = new ResponseCache(config.gateway().cache(), () -> options.localModels().apply(config.gateway().cache().embeddingModel()),
                    policy.cacheReplicator(), System::currentTimeMillis, s.dataDir().resolve("cache-index"));
            resources.add(cache);
            CacheMetrics.bind(registry, cache);
            vertx.setPeriodic(10_000, id -> vertx.executeBlocking(() -> {
                cache.sweep();
                return null;
            }, false));
            OfflineFallback offline = new CacheOffline(vertx, cache, (ctx, alias) -> policy.cacheOnly(alias));
            ChatPipeline chat = new ChatPipeline(vertx, router, http, new TokenEstimator(), observer, policy.policy(), health,
                    offline, config.gateway().cache().enabled() ? cache : null);
            EmbeddingsPipeline embeddings = new EmbeddingsPipeline(vertx, router, http, observer, policy.policy());
            KeyAuthenticator apiKeys = new KeyAuthenticator(vertx, secret -> keys.findActiveBySecret(secret).map(k -> {
                keys.touch(k.keyId());
                // Policies keyed by tenant name must know this tenant before its first request is checked.
                policy.tenantNames().ensure(k.tenantId());
                return new Principal(k.keyId(), k.tenantId(), k.allowedAliases(), k.defaultFeature(), k.aclGroups());
            }));
            dev.paved.server.auth.JwtAuthenticator userTokens = new dev.paved.server.auth.JwtAuthenticator(vertx, config.auth(),
                    new dev.paved.server.auth.jwt.TokenVerifier()::verify, tenantLookup(tenants, policy), java.time.Clock.systemUTC());
            KeyAuthenticator adminKeys = new KeyAuthenticator(vertx,
                    secret -> admins.verify(secret) ? Optional.of(new Principal("admin", null, null, null)) : Optional.empty());
            AdminApi admin = new AdminApi(vertx, adminKeys, apiKeys, tenants, keys, new LedgerQueries(db), new PolicyAdminApi(
                    policy.switchControl(), policy.consumption(), tenants, keys, new LedgerFeatures(db)))
                    .with(new TargetsApi(config.gateway(), health))
                    .with(new CacheApi(cache));
            KnowledgeService knowledge = knowledge(config, db, options, new GatewayEmbeddings(embeddings, router));
            resources.add(knowledge);
            HttpApi.KnowledgeApiParts knowledgeParts = new HttpApi.KnowledgeApiParts(new KnowledgeApi(vertx, knowledge),
                    s.dataDir().resolve("uploads").toString(), config.knowledge().maxUploadBytes());
            GuardAuditStore guardAudit = new GuardAuditStore(db);
            dev.paved.server.guard.GuardTelemetry guardTelemetry = new dev.paved.server.guard.GuardTelemetry(vertx, guardAudit, tracing, registry);
            dev.paved.gateway.guard.ChatGuard guard = dev.paved.server.guard.GatewayGuard.of(
                    new dev.paved.guard.config.PolicyResolver(config.guardrails(), policy.tenantNames()::cachedName),
                    guardTelemetry, observer);
            admin.with(new GuardAuditApi(vertx, guardAudit, tenants));
            dev.paved.server.rag.RagService rag = new dev.paved.server.rag.RagService(vertx, config.rag(), config.gateway(), knowledge, chat,
                    config.gateway().cache().enabled() ? cache : null, policy.switches()::check, policy::cacheOnly,
                    dev.paved.server.guard.RagGuard.of(new dev.paved.guard.config.PolicyResolver(config.guardrails(), policy.tenantNames()::cachedName), guardTelemetry),
                    new dev.paved.server.rag.SessionStore(db, dev.paved.rag.Tokens.bpe()), new dev.paved.server.rag.EvalSampleStore(db),
                    tracing, observer);
            HttpApi.Parts parts = new HttpApi.Parts(tracing, apiKeys,
                    new HttpApi.ModelApiParts(chat, embeddings, router, Instant.now().getEpochSecond(), guard),
                    admin, new HttpApi.OpsApiParts(registry, () -> reachable(db)), s.maxBodyBytes(), knowledgeParts,
                    new dev.paved.server.http.RagApi(rag), userTokens);

            int port = s.port() == 0 ? freePort() : s.port();
            vertx.deployVerticle(() -> new HttpVerticle(parts, s.host(), port), new DeploymentOptions().setInstances(loops))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

            preloadLocalModels(vertx, config);
            PavedServer server = new PavedServer(port, db, ledger, vertx, policy);
            server.knowledge = knowledge;
            server.rag = rag;
            for (int i = resources.size() - 1; i >= 0; i--) {
                server.closeInOrder.add(resources.get(i));
            }
            out.println("Paved listening on http://" + s.host() + ":" + port + " (" + config.gateway().aliases().size() + " model aliases, database: "
                    + (pg == null ? "external" : "embedded, port " + pg.port()) + ")");
            return server;
        } catch (Exception e) {
            for (int i = resources.size() - 1; i >= 0; i--) {
                closeQuietly(resources.get(i));
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("Paved failed to start: " + e.getMessage(), e);
        }
    }

    /** Tenants for token authentication: a config entry's tenant (name or id) if it is active, and a tenant's name. */
    private static dev.paved.server.auth.JwtAuthenticator.Tenants tenantLookup(TenantStore tenants, PolicyRuntime policy) {
        return new dev.paved.server.auth.JwtAuthenticator.Tenants() {
            @Override
            public Optional<String> activeId(String nameOrId) {
                Optional<dev.paved.server.store.Tenant> t = nameOrId.startsWith("tn_") ? tenants.find(nameOrId) : tenants.findByName(nameOrId);
                t.ifPresent(x -> policy.tenantNames().ensure(x.id()));
                return t.filter(dev.paved.server.store.Tenant::active).map(dev.paved.server.store.Tenant::id);
            }

            @Override
            public String name(String tenantId) {
                policy.tenantNames().ensure(tenantId);
                return policy.tenantNames().cachedName(tenantId);
            }
        };
    }

    /** Knowledge bases: PostgreSQL rows, Lucene indexes under {@code <data dir>/knowledge}, the configured re-ranker. */
    private static KnowledgeService knowledge(PavedConfig config, Database db, Options options, GatewayEmbeddings gateway) {
        KnowledgeStore store = new KnowledgeStore(db);
        Embedders embedders = new Embedders(options.embedders(), gateway, options.localModels());
        KbIndexes indexes = new KbIndexes(config.server().dataDir().resolve("knowledge"), store, embedders);
        var k = config.knowledge();
        return new KnowledgeService(store, indexes, embedders,
                new KnowledgeSettings(k.embeddingModel(), k.chunking(), Rerankers.from(k), k.rerankCandidates()));
    }

    /** Knowledge bases of this server. */
    public KnowledgeService knowledge() {
        return knowledge;
    }

    /** The RAG service of this server. */
    public dev.paved.server.rag.RagService rag() {
        return rag;
    }

    /** Loads in-process embedding models in the background so the first request does not wait for them. */
    private static void preloadLocalModels(Vertx vertx, PavedConfig config) {
        java.util.stream.Stream<String> aliasModels = config.gateway().aliases().values().stream()
                .filter(a -> a.kind() == dev.paved.gateway.config.AliasKind.EMBEDDING)
                .map(a -> a.primary())
                .filter(t -> config.gateway().providers().get(t.provider()).type() == dev.paved.gateway.config.ProviderType.LOCAL)
                .map(dev.paved.gateway.config.TargetConfig::model);
        dev.paved.gateway.config.CacheConfig cache = config.gateway().cache();
        java.util.stream.Stream<String> cacheModel = cache.enabled() && cache.semantic()
                ? java.util.stream.Stream.of(cache.embeddingModel()) : java.util.stream.Stream.empty();
        java.util.stream.Stream.concat(aliasModels, cacheModel)
                .distinct()
                .forEach(model -> vertx.executeBlocking(() -> dev.paved.embedding.EmbeddingModels.get(model), false)
                        .onFailure(e -> LOG.warn("could not load embedding model {}: {}", model, e.getMessage())));
    }

    private static void printAdminKey(PrintStream out, String key) {
        out.println();
        out.println("  First start: created the bootstrap admin key. It is shown only this once; store it now.");
        out.println();
        out.println("      " + key);
        out.println();
        out.println("  Use it with the CLI (export PAVED_ADMIN_KEY=...) or as 'Authorization: Bearer ...' on /admin.");
        out.println();
    }

    public int port() {
        return port;
    }

    public Database database() {
        return database;
    }

    /** Waits until every ledger entry recorded so far is in the database. */
    public boolean flushLedger(Duration timeout) {
        return ledger.flush(timeout);
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The traffic policy: switches, tenant rules and the breaker bus the router uses. */
    public PolicyRuntime policy() {
        return policy;
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeInOrder) {
            closeQuietly(c);
        }
        closeInOrder.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    private static boolean reachable(Database db) {
        try (java.sql.Connection c = db.dataSource().getConnection()) {
            return c.isValid(2);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** One HTTP server per event loop, all on the same port; Vert.x spreads connections across them. */
    private static final class HttpVerticle extends AbstractVerticle {
        private final HttpApi.Parts parts;
        private final String host;
        private final int port;

        HttpVerticle(HttpApi.Parts parts, String host, int port) {
            this.parts = parts;
            this.host = host;
            this.port = port;
        }

        @Override
        public void start(Promise<Void> started) {
            HttpServerOptions options = new HttpServerOptions()
                    .setHost(host).setPort(port)
                    .setTcpNoDelay(true)
                    .setCompressionSupported(false)
                    .setIdleTimeout(300)
                    .setHttp2ClearTextEnabled(true);
            vertx.createHttpServer(options).requestHandler(HttpApi.create(vertx, parts)).listen()
                    .<Void>mapEmpty().onComplete(started);
        }
    }
}
