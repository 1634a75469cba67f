-- Issue 9: fewer index entries written per audited request (every single FHIR POST writes one
-- audit row). Two audit_event indexes took an entry for every new row that no query can ever find
-- through them:
-- - audit_event_seq: rows arrive unsealed (seq NULL, 012) and the sealer's UPDATE sets seq, which
--   writes a new index entry anyway (seq is indexed, so the update is never HOT). The NULL entry of
--   the insert was dead weight, and all of them piled onto the index's last page (NULLs sort last),
--   where concurrent inserts queue for the same page lock. Uniqueness is unchanged: NULLs never
--   conflicted in a unique index. Every reader of seq (verify, purge: `seq > $1`, `seq <= $1`,
--   `seq = l.seq`) uses a strict operator, which implies `seq IS NOT NULL`, so the planner still
--   uses the index.
-- - audit_event_actor: integration clients (device gateways, the bulk of ingest) have no account,
--   so their rows entered with a NULL actor_account_id, again all on one end of the index. Every
--   query by actor compares actor_account_id with `=`, which implies IS NOT NULL.
DROP INDEX audit_event_seq;
CREATE UNIQUE INDEX audit_event_seq ON audit_event (seq) WHERE seq IS NOT NULL;
DROP INDEX audit_event_actor;
CREATE INDEX audit_event_actor ON audit_event (actor_account_id, at) WHERE actor_account_id IS NOT NULL;
