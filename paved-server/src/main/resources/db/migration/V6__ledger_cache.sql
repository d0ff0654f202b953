-- The response cache on the ledger: whether a call was looked up and how (hit:exact, hit:semantic, miss), and what a
-- hit saved: the cached answer's tokens and what they cost when it was produced.
alter table ledger add column cache text;
alter table ledger add column saved_tokens bigint not null default 0;
alter table ledger add column saved_cost numeric(20, 10) not null default 0;
