-- The ledger's key is the writer's entry_uid (unique, not null), now a time-ordered UUID (version 7): rows and
-- their keys arrive in order, so that index appends at its right edge. The bigserial id, a second index to grow
-- on every insert, goes; "most recent first" orders by at, then entry_uid. The unique index on entry_uid stays
-- as it is (no rebuild of a large ledger) and identifies rows for logical replication.
alter table ledger drop column id;
alter table ledger replica identity using index ledger_entry_uid_key;
