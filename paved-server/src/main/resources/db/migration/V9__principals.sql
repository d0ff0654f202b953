-- End-user principals from JWTs (issue #6, step 1; ADR 0014).
-- The subject of a verified end-user token is recorded where a principal matters: the ledger, the guardrail audit log
-- and RAG eval samples (null for calls authenticated by an API key alone).
-- RAG sessions get an owner, so that one user's session cannot be read with another user's token in the same tenant:
-- '' for callers with an API key alone (every session so far), else the token's issuer and subject.

alter table ledger add column principal_id text;
alter table guard_audit add column principal_id text;
alter table rag_eval_samples add column principal_id text;

alter table rag_sessions add column owner text not null default '';
alter table rag_sessions drop constraint rag_sessions_pkey;
alter table rag_sessions add primary key (tenant_id, owner, session_id);
