-- A fifth kind of switch that turns nothing off: 'offline-cache-only' makes an alias (or, with the target 'inference',
-- every alias) answer from the response cache only, without calling providers.
alter table kill_switches drop constraint kill_switches_scope_check;
alter table kill_switches add constraint kill_switches_scope_check
    check (scope in ('global', 'tenant', 'feature', 'alias', 'model', 'offline-cache-only'));
