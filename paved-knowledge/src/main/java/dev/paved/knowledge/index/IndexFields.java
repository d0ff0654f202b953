package dev.paved.knowledge.index;

/** Lucene field names of a chunk document. */
final class IndexFields {
    static final String CHUNK_ID = "chunk_id";
    static final String TENANT = "tenant";
    static final String KB = "kb";
    static final String DOCUMENT_ID = "document_id";
    static final String ACL = "acl";
    static final String DATA_CLASS = "data_class";
    static final String SOURCE = "source";
    static final String TITLE = "title";
    static final String TEXT = "text";
    static final String CONTEXT = "context";
    static final String ORDINAL = "ordinal";
    static final String PARENT = "parent";
    static final String METADATA_PREFIX = "metadata.";
    static final String METADATA_JSON = "metadata_json";
    static final String VECTOR = "vector";
    /** Indexed in {@link #ACL} for chunks without groups: a value no valid group name can take. */
    static final String PUBLIC = "~public";

    private IndexFields() {
    }
}
