-- Routing and policy decisions on every ledger row: how many upstream calls a request took (retries and
-- fallbacks included) and what the gateway decided on its way (retry, fallback, variant, degrade, throttle).
alter table ledger add column attempts integer not null default 0;
alter table ledger add column decisions text[] not null default '{}';
