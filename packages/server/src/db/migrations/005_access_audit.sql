-- Access control and audit: the full role set, emergency access, relatives (proxies), unit limits
-- for integration clients, and an append-only, hash-chained audit log.

-- Roles. The former catch-all 'admin' becomes 'system-admin' (it administered the whole system).
ALTER TABLE account DROP CONSTRAINT IF EXISTS account_role_check;
UPDATE account SET role = 'system-admin' WHERE role = 'admin';
ALTER TABLE account ADD CONSTRAINT account_role_check CHECK (role IN (
  'patient', 'proxy', 'nurse', 'physician', 'municipal-nurse', 'unit-admin', 'system-admin'));

-- Nödåtkomst: a staff member opens a patient outside their units for a stated reason, for a limited
-- time. Every access during it is audited with purpose 'emergency' and the grant awaits follow-up.
CREATE TABLE emergency_access (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  patient_id uuid NOT NULL REFERENCES patient (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 10 AND 1000),
  started_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES account (id),
  review_note text
);
CREATE INDEX emergency_access_active ON emergency_access (account_id, patient_id, expires_at);
CREATE INDEX emergency_access_unreviewed ON emergency_access (started_at) WHERE reviewed_at IS NULL;

-- A relative (närstående) acting for a patient with the patient's consent, with their own account.
CREATE TABLE relative_grant (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient (id),
  proxy_account_id uuid NOT NULL REFERENCES account (id),
  can_view boolean NOT NULL DEFAULT true,
  can_record boolean NOT NULL DEFAULT false,
  can_message boolean NOT NULL DEFAULT false,
  granted_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE UNIQUE INDEX relative_grant_active ON relative_grant (patient_id, proxy_account_id)
  WHERE revoked_at IS NULL;
CREATE INDEX relative_grant_proxy ON relative_grant (proxy_account_id) WHERE revoked_at IS NULL;

-- Integration clients limited to units: with rows here a client reaches only those units' patients.
CREATE TABLE api_client_unit (
  client_id text NOT NULL REFERENCES api_client (client_id),
  care_unit_id uuid NOT NULL REFERENCES care_unit (id),
  PRIMARY KEY (client_id, care_unit_id)
);

-- Audit log: who (account or client, role, unit), patient, action, when, from where, purpose.
ALTER TABLE audit_event
  ADD COLUMN seq bigint,
  ADD COLUMN actor_unit_id uuid,
  ADD COLUMN emergency_access_id uuid,
  ADD COLUMN follow_up boolean NOT NULL DEFAULT false,
  ADD COLUMN prev_hash text,
  ADD COLUMN hash text;

-- One length-prefixed field, so that no two different rows serialise alike ('-' is NULL).
CREATE FUNCTION audit_field(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(v)::text || ':' || v END
$$;

-- The hash of a row: sha256 over the previous row's hash and every content column. The verifier
-- (packages/server/src/audit/chain.ts) computes the same in the application, independently.
CREATE FUNCTION audit_row_hash(prev text, e audit_event) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev || '|' || concat_ws('|',
    audit_field(e.seq::text),
    audit_field(e.id::text),
    audit_field(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
    audit_field(e.patient_id::text),
    audit_field(e.actor_account_id::text),
    audit_field(e.actor_client_id),
    audit_field(e.actor_role),
    audit_field(e.actor_unit_id::text),
    audit_field(e.action),
    audit_field(e.purpose),
    audit_field(e.remote_addr),
    audit_field(e.emergency_access_id::text),
    audit_field(e.follow_up::text)), 'UTF8')), 'hex')
$$;

-- The chain's head: locking this one row serialises appends, so seq order is commit order and the
-- chain has no forks or gaps; a rolled-back append rolls the head back with it.
CREATE TABLE audit_chain_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);

-- Rows written before this migration are chained in time order.
DO $$
DECLARE
  r audit_event;
  prev text := repeat('0', 64);
  n bigint := 0;
BEGIN
  FOR r IN SELECT * FROM audit_event ORDER BY at, id LOOP
    n := n + 1;
    r.seq := n;
    r.prev_hash := prev;
    r.hash := audit_row_hash(prev, r);
    UPDATE audit_event SET seq = r.seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
    prev := r.hash;
  END LOOP;
  INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, n, prev);
END $$;

ALTER TABLE audit_event ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
  ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_event_seq ON audit_event (seq);
CREATE INDEX audit_event_actor ON audit_event (actor_account_id, at);
CREATE INDEX audit_event_follow_up ON audit_event (at) WHERE follow_up;

CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_head;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  NEW.seq := head.seq + 1;
  NEW.prev_hash := head.hash;
  NEW.hash := audit_row_hash(head.hash, NEW);
  UPDATE audit_chain_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

-- Append-only: no UPDATE, no TRUNCATE; DELETE only by the purge command (which sets hemma.audit_purge)
-- and never of rows younger than five years, whatever the application is configured to.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('hemma.audit_purge', true) = 'on' THEN
    IF OLD.at < now() - interval '5 years' THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE FUNCTION audit_event_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only (TRUNCATE refused)' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
-- The embedded database (PGlite 0.5) loses its connection when a TRUNCATE trigger raises, so there
-- the verifier's head check (last row = audit_chain_head) is what catches a truncated log.
DO $$
BEGIN
  IF version() NOT LIKE '%PGlite%' THEN
    CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate();
  END IF;
END $$;

-- Where the retained chain starts after a purge: the last purged row's seq and hash, so the verifier
-- can still check the first remaining row's link.
CREATE TABLE audit_purge (
  id uuid PRIMARY KEY,
  purged_at timestamptz NOT NULL DEFAULT now(),
  before timestamptz NOT NULL,
  rows bigint NOT NULL,
  through_seq bigint NOT NULL,
  through_hash text NOT NULL
);
