-- Tenants, their API keys, admin keys and the usage ledger.
--
-- Row-level security is enabled and FORCED on every table, so it also applies to the tables' owner when the
-- application connects as that owner (external databases where no separate role can be created). A session
-- sees a tenant's rows only after set_config('paved.tenant_id', <id>, true), and every row only after
-- set_config('paved.scope', 'system', true); with neither, it sees nothing. Later migrations that change
-- data in these tables must set paved.scope to 'system' first unless they run as a superuser.

create table tenants (
    id          text primary key check (id ~ '^tn_[A-Za-z0-9]+$'),
    name        text not null unique check (name ~ '^[a-z0-9_-]{1,64}$'),
    status      text not null default 'active' check (status in ('active', 'disabled')),
    created_at  timestamptz not null default now()
);

create table api_keys (
    id               text primary key check (id ~ '^key_[A-Za-z0-9]+$'),
    tenant_id        text not null references tenants (id),
    name             text not null check (length(name) between 1 and 128),
    prefix           text not null unique,
    secret_hash      text not null check (secret_hash ~ '^[0-9a-f]{64}$'),
    allowed_aliases  text[] not null default '{}',
    default_feature  text,
    status           text not null default 'active' check (status in ('active', 'disabled')),
    created_at       timestamptz not null default now(),
    last_used_at     timestamptz
);
create index api_keys_tenant_idx on api_keys (tenant_id, created_at);

create table admin_keys (
    id           text primary key check (id ~ '^adk_[A-Za-z0-9]+$'),
    prefix       text,
    secret_hash  text not null unique check (secret_hash ~ '^[0-9a-f]{64}$'),
    origin       text not null check (origin in ('generated', 'configured')),
    status       text not null default 'active' check (status in ('active', 'disabled')),
    created_at   timestamptz not null default now()
);

create table ledger (
    id                  bigserial primary key,
    entry_uid           uuid not null unique,
    at                  timestamptz not null,
    request_id          text,
    trace_id            text,
    tenant_id           text,
    key_id              text,
    feature_id          text,
    api                 text,
    alias               text,
    provider            text,
    model               text,
    stream              boolean not null default false,
    input_tokens        bigint not null default 0,
    output_tokens       bigint not null default 0,
    cached_tokens       bigint not null default 0,
    cache_write_tokens  bigint not null default 0,
    cost                numeric(20, 10),
    usage_source        text,
    latency_ms          bigint,
    ttft_ms             bigint,
    status              integer,
    error_code          text
);
comment on column ledger.entry_uid is 'Assigned by the writer; makes a retried batch insert idempotent.';
create index ledger_tenant_at_idx on ledger (tenant_id, at);
create index ledger_request_idx on ledger (request_id);

alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenant_isolation on tenants
    using (id = current_setting('paved.tenant_id', true) or current_setting('paved.scope', true) = 'system');

alter table api_keys enable row level security;
alter table api_keys force row level security;
create policy tenant_isolation on api_keys
    using (tenant_id = current_setting('paved.tenant_id', true) or current_setting('paved.scope', true) = 'system');

alter table ledger enable row level security;
alter table ledger force row level security;
create policy tenant_isolation on ledger
    using (tenant_id = current_setting('paved.tenant_id', true) or current_setting('paved.scope', true) = 'system');

-- Admin keys belong to no tenant: only the system scope sees them.
alter table admin_keys enable row level security;
alter table admin_keys force row level security;
create policy system_only on admin_keys
    using (current_setting('paved.scope', true) = 'system');
