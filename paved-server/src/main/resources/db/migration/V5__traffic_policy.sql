-- Kill switches that operators flip at runtime (admin API, `paved switches`), and a version counter every
-- replica polls to notice a change within a second. Both belong to no tenant: only the system scope sees them.

create table kill_switches (
    scope       text not null check (scope in ('global', 'tenant', 'feature', 'alias', 'model')),
    target      text not null check (length(target) between 1 and 256),
    reason      text check (length(reason) <= 500),
    created_at  timestamptz not null default now(),
    primary key (scope, target),
    check (scope <> 'global' or target = 'inference')
);

create table policy_versions (
    name     text primary key,
    version  bigint not null
);
-- Inserted before row-level security is forced: an external database's owner is subject to it too.
insert into policy_versions (name, version) values ('kill_switches', 0);

alter table kill_switches enable row level security;
alter table kill_switches force row level security;
create policy system_only on kill_switches
    using (current_setting('paved.scope', true) = 'system');

alter table policy_versions enable row level security;
alter table policy_versions force row level security;
create policy system_only on policy_versions
    using (current_setting('paved.scope', true) = 'system');
