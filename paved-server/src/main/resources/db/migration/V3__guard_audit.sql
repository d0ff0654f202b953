-- Guardrail decisions: one row per request and stage where a scanner blocked, redacted, fenced or logged
-- something. Never holds the checked text or the matched values: only scanner names, reason codes and scores.
-- Row-level security as on the other tenant tables (see V1).

create table guard_audit (
    id            bigserial primary key,
    at            timestamptz not null default now(),
    tenant_id     text not null,
    request_id    text,
    trace_id      text,
    key_id        text,
    feature_id    text,
    api           text,
    alias         text,
    stage         text not null check (stage in ('input', 'retrieved', 'output')),
    verdict       text not null check (verdict in ('allow', 'redact', 'block', 'fence', 'drop', 'quarantine')),
    scanners      text[] not null default '{}',
    reason_codes  text[] not null default '{}',
    max_score     double precision not null default 0,
    redactions    integer not null default 0,
    scan_micros   bigint not null default 0
);
create index guard_audit_tenant_at_idx on guard_audit (tenant_id, at);
create index guard_audit_request_idx on guard_audit (request_id);

alter table guard_audit enable row level security;
alter table guard_audit force row level security;
create policy tenant_isolation on guard_audit
    using (tenant_id = current_setting('paved.tenant_id', true) or current_setting('paved.scope', true) = 'system');
