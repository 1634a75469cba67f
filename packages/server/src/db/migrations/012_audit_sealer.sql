-- Audit chaining moves off the request path. 005 chained each row in its INSERT trigger under a lock
-- on audit_chain_head held until commit, which serialised every audited transaction (all ingest) on
-- that one row. Rows are now inserted unsealed (seq, prev_hash, hash NULL) and the sealer
-- (sealAuditChain in packages/server/src/audit/chain.ts, a periodic job every minute and the first
-- step of audit:verify and audit:purge) chains them in id order, continuing from the head. The
-- chain's order is the seal order (seq); the verifier follows it unchanged.

DROP TRIGGER audit_event_chain ON audit_event;
DROP FUNCTION audit_event_chain();

ALTER TABLE audit_event ALTER COLUMN seq DROP NOT NULL, ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL;
-- What the sealer reads: unsealed rows in id (UUIDv7, time) order.
CREATE INDEX audit_event_unsealed ON audit_event (id) WHERE seq IS NULL;

-- Append-only as before, with one exception: the seal, a single UPDATE per row that sets all three
-- chain fields from NULL to values and changes nothing else. A sealed row can never be updated again.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('hemma.audit_purge', true) = 'on' THEN
    IF OLD.at < now() - interval '5 years' THEN
      RETURN OLD;
    END IF;
  END IF;
  IF TG_OP = 'UPDATE'
    AND OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
    AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
    AND to_jsonb(NEW) - ARRAY['seq', 'prev_hash', 'hash'] = to_jsonb(OLD) - ARRAY['seq', 'prev_hash', 'hash'] THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
