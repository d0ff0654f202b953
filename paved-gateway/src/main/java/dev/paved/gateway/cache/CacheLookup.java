package dev.paved.gateway.cache;

/**
 * One call's place in the cache, worked out before the upstream call: its keys and scope, the query
 * embedding (computed once, used for the lookup and again for storing the answer), and what it may do.
 */
public final class CacheLookup {
    final String tenantId;
    final String featureId;
    final String alias;
    final String scope;
    final String exactKey;
    final String query;
    final boolean semantic;
    final double threshold;
    final boolean serve;
    final boolean store;
    final boolean cacheToolCalls;
    final long ttlMillis;
    final String embeddingModel;
    final QueryForm form;
    float[] vector;
    long embedNanos;

    CacheLookup(String tenantId, String featureId, String alias, String scope, String exactKey, String query, boolean semantic,
                double threshold, boolean serve, boolean store, boolean cacheToolCalls, long ttlMillis, String embeddingModel,
                QueryForm form) {
        this.tenantId = tenantId;
        this.featureId = featureId;
        this.alias = alias;
        this.scope = scope;
        this.exactKey = exactKey;
        this.query = query;
        this.semantic = semantic;
        this.threshold = threshold;
        this.serve = serve;
        this.store = store;
        this.cacheToolCalls = cacheToolCalls;
        this.ttlMillis = ttlMillis;
        this.embeddingModel = embeddingModel;
        this.form = form;
    }

    public String alias() {
        return alias;
    }

    /** Whether the cache may answer this call. */
    public boolean serves() {
        return serve;
    }

    /** Whether a fresh answer to this call may be stored. */
    public boolean stores() {
        return store;
    }

    /** The question whose meaning is compared, or null when the call has none (exact lookups only). */
    public String query() {
        return query;
    }

    /** The id of the model that embeds {@link #query()}. */
    public String embeddingModel() {
        return embeddingModel;
    }

    /** The text form {@link #query()} is embedded in. */
    public QueryForm form() {
        return form;
    }

    /**
     * A copy of the query vector, once a semantic lookup has computed it ({@link #embeddingModel()} in {@link #form()});
     * null before that, after an exact hit, or when the lookup is not semantic.
     */
    public float[] vector() {
        return vector == null ? null : vector.clone();
    }

    /** How long embedding the query took, in nanoseconds; 0 when this lookup embedded nothing. */
    public long embedNanos() {
        return embedNanos;
    }
}
