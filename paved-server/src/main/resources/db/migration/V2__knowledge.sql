-- Knowledge bases: documents and their chunks, with the chunk vectors, and ingestion jobs.
--
-- PostgreSQL is the source of truth; the Lucene index under the data directory is derived from these rows and
-- can be rebuilt from them at any time. Row-level security is forced as on the V1 tables. Documents and chunks
-- carry ACL groups and are additionally restricted by the caller's groups: a tenant-scoped session sees a row
-- only when its acl_groups is empty, shares a group with paved.acl (comma-separated), or paved.acl is '*' (the
-- platform's own maintenance).

-- Versions come from one sequence, so a knowledge base deleted and created again never repeats a version and a
-- cache keyed on (knowledge base, version) cannot serve deleted content.
create sequence kb_version_seq;

create table knowledge_bases (
    id                  text primary key check (id ~ '^kb_[A-Za-z0-9]+$'),
    tenant_id           text not null references tenants (id),
    name                text not null check (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    embedding_model     text not null,
    chunking            jsonb not null,
    generation          integer not null default 1,
    version             bigint not null default nextval('kb_version_seq'),
    pending_generation  integer,
    pending_model       text,
    pending_chunking    jsonb,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    unique (tenant_id, name)
);

create table kb_documents (
    id            text primary key check (id ~ '^doc_[A-Za-z0-9]+$'),
    tenant_id     text not null references tenants (id),
    kb_id         text not null references knowledge_bases (id) on delete cascade,
    document_id   text not null check (length(document_id) between 1 and 512),
    source        text,
    title         text,
    text          text not null,
    content_type  text,
    acl_groups    text[] not null default '{}',
    data_class    text not null,
    metadata      jsonb not null default '{}',
    content_hash  text not null check (content_hash ~ '^[0-9a-f]{64}$'),
    kb_version    bigint not null,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    unique (kb_id, document_id)
);
comment on column kb_documents.text is 'The extracted text, kept so that a change of chunking or embedding model can rebuild every chunk.';

create table kb_chunks (
    id            text primary key check (id ~ '^chk_[A-Za-z0-9]+$'),
    tenant_id     text not null references tenants (id),
    kb_id         text not null references knowledge_bases (id) on delete cascade,
    document_ref  text not null references kb_documents (id) on delete cascade,
    generation    integer not null,
    ordinal       integer not null,
    text          text not null,
    context       text,
    parent        integer not null default -1,
    start_offset  integer not null,
    end_offset    integer not null,
    token_count   integer not null,
    acl_groups    text[] not null default '{}',
    embedding     bytea not null,
    unique (document_ref, generation, ordinal)
);
comment on column kb_chunks.embedding is 'The chunk vector as little-endian float32, from the embedding model of its generation.';
create index kb_chunks_kb_generation_idx on kb_chunks (kb_id, generation, document_ref, ordinal);

create table kb_jobs (
    id           text primary key check (id ~ '^job_[A-Za-z0-9]+$'),
    tenant_id    text not null references tenants (id),
    kb_id        text not null references knowledge_bases (id) on delete cascade,
    kind         text not null check (kind in ('ingest', 'reindex')),
    status       text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
    total        integer not null default 0,
    done         integer not null default 0,
    result       jsonb not null default '{}',
    error        text,
    created_at   timestamptz not null default now(),
    started_at   timestamptz,
    finished_at  timestamptz
);
create index kb_jobs_kb_idx on kb_jobs (kb_id, created_at);

alter table knowledge_bases enable row level security;
alter table knowledge_bases force row level security;
create policy tenant_isolation on knowledge_bases
    using (tenant_id = current_setting('paved.tenant_id', true) or current_setting('paved.scope', true) = 'system');

alter table kb_jobs enable row level security;
alter table kb_jobs force row level security;
create policy tenant_isolation on kb_jobs
    using (tenant_id = current_setting('paved.tenant_id', true) or current_setting('paved.scope', true) = 'system');

alter table kb_documents enable row level security;
alter table kb_documents force row level security;
create policy tenant_acl on kb_documents
    using (current_setting('paved.scope', true) = 'system'
           or (tenant_id = current_setting('paved.tenant_id', true)
               and (current_setting('paved.acl', true) = '*'
                    or acl_groups = '{}'
                    or acl_groups && string_to_array(nullif(current_setting('paved.acl', true), ''), ','))));

alter table kb_chunks enable row level security;
alter table kb_chunks force row level security;
create policy tenant_acl on kb_chunks
    using (current_setting('paved.scope', true) = 'system'
           or (tenant_id = current_setting('paved.tenant_id', true)
               and (current_setting('paved.acl', true) = '*'
                    or acl_groups = '{}'
                    or acl_groups && string_to_array(nullif(current_setting('paved.acl', true), ''), ','))));
