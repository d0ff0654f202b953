-- The RAG service (issue #6).
-- Sessions: short-term conversation memory per (tenant, session id): a running summary and the recent turns.
-- Eval samples: a configurable share of RAG requests with question, answer, citations and every step's decision,
-- for online evaluation. Both under forced row-level security by tenant, like the other tenant tables.
-- API keys may carry the ACL groups of their principal: RAG retrieval filters by them.

create table rag_sessions (
    tenant_id   text not null,
    session_id  text not null,
    summary     text not null default '',
    turns       jsonb not null default '[]',
    turn_count  integer not null default 0,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, session_id)
);

alter table rag_sessions enable row level security;
alter table rag_sessions force row level security;
create policy tenant_isolation on rag_sessions
    using (tenant_id = current_setting('paved.tenant_id', true) or current_setting('paved.scope', true) = 'system');

create table rag_eval_samples (
    id           bigserial primary key,
    at           timestamptz not null default now(),
    tenant_id    text not null,
    request_id   text not null,
    trace_id     text,
    key_id       text,
    feature_id   text,
    alias        text,
    kbs          text[] not null default '{}',
    query        text not null,
    answer       text not null,
    citations    jsonb not null default '[]',
    steps        jsonb not null default '{}',
    cache_hit    boolean not null default false,
    degraded     boolean not null default false,
    status       text not null
);
create index rag_eval_samples_tenant_at_idx on rag_eval_samples (tenant_id, at);

alter table rag_eval_samples enable row level security;
alter table rag_eval_samples force row level security;
create policy tenant_isolation on rag_eval_samples
    using (tenant_id = current_setting('paved.tenant_id', true) or current_setting('paved.scope', true) = 'system');

alter table api_keys add column acl_groups text[] not null default '{}';
