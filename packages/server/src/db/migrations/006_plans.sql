-- Care plans (issue 3): versioned protocols, enrolment with protocols and participating units, one care
-- plan per patient with its contract, self-care advice per threshold, and rule-engine alerts that a
-- persisting deviation updates instead of multiplying.

-- A protocol (PlanDefinition) is edited as a series of immutable versions; plans record the version used.
CREATE TABLE protocol (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  current_version integer NOT NULL,
  builtin boolean NOT NULL DEFAULT false,
  retired boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE protocol_version (
  protocol_id text NOT NULL REFERENCES protocol (id),
  version integer NOT NULL CHECK (version >= 1),
  definition jsonb NOT NULL,
  note text,
  created_by uuid REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (protocol_id, version)
);

-- Monitoring kind semantics (DOMAIN.md): prescribed enrolments record the unit's response-time target;
-- self-initiated enrolments share data with staff only from share_from (null: not shared).
ALTER TABLE enrolment
  ADD COLUMN response_time_hours integer CHECK (response_time_hours > 0),
  ADD COLUMN share_from timestamptz,
  ADD COLUMN created_by uuid REFERENCES account (id);

CREATE TABLE enrolment_protocol (
  patient_id uuid NOT NULL,
  enrolment_id uuid NOT NULL,
  protocol_id text NOT NULL,
  protocol_version integer NOT NULL,
  PRIMARY KEY (patient_id, enrolment_id, protocol_id),
  FOREIGN KEY (patient_id, enrolment_id) REFERENCES enrolment (patient_id, id),
  FOREIGN KEY (protocol_id, protocol_version) REFERENCES protocol_version (protocol_id, version)
);

-- Units from other organisations taking part in an enrolment (e.g. municipal home care), with their role.
-- The care relationship for authorisation: a participating unit's staff may reach the patient while the
-- enrolment is active and the participation has not ended.
CREATE TABLE enrolment_participant (
  patient_id uuid NOT NULL,
  enrolment_id uuid NOT NULL,
  care_unit_id uuid NOT NULL REFERENCES care_unit (id),
  role text NOT NULL CHECK (role IN ('home-care', 'primary-care', 'specialist', 'pharmacy', 'other')),
  added_by uuid REFERENCES account (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  PRIMARY KEY (patient_id, enrolment_id, care_unit_id),
  FOREIGN KEY (patient_id, enrolment_id) REFERENCES enrolment (patient_id, id)
);
CREATE INDEX enrolment_participant_unit ON enrolment_participant (care_unit_id, patient_id) WHERE ended_at IS NULL;

-- One care plan per patient: the merged activities, rules, limits and advice of its protocols, the
-- conflicts found while merging (staff override a limit with a personal threshold), and the patient contract.
CREATE TABLE care_plan (
  patient_id uuid PRIMARY KEY REFERENCES patient (id),
  id uuid NOT NULL UNIQUE,
  revision integer NOT NULL DEFAULT 1,
  time_zone text NOT NULL DEFAULT 'Europe/Stockholm',
  starts_at timestamptz NOT NULL DEFAULT now(),
  activities jsonb NOT NULL,
  rules jsonb NOT NULL,
  thresholds jsonb NOT NULL,
  advice jsonb NOT NULL DEFAULT '{}',
  conflicts jsonb NOT NULL DEFAULT '[]',
  goals jsonb NOT NULL DEFAULT '[]',
  agreements jsonb NOT NULL DEFAULT '[]',
  contacts jsonb NOT NULL DEFAULT '[]',
  next_follow_up date,
  updated_by uuid REFERENCES account (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Self-care advice per personal threshold, shown to the patient when the level is crossed.
ALTER TABLE threshold ADD COLUMN advice jsonb;
ALTER TABLE threshold_change ADD COLUMN advice jsonb;

-- Rule-engine alerts: one open alert per dedupe key, updated while the deviation persists; missed
-- measurements have no observation; "all clear" resolves an alert without a person (resolution).
ALTER TABLE alert ALTER COLUMN observation_id DROP NOT NULL;
ALTER TABLE alert
  ADD COLUMN rule_id text,
  ADD COLUMN rule_kind text,
  ADD COLUMN dedupe_key text,
  ADD COLUMN informational boolean NOT NULL DEFAULT false,
  ADD COLUMN occurrences integer NOT NULL DEFAULT 1,
  ADD COLUMN last_seen_at timestamptz,
  ADD COLUMN resolution text CHECK (resolution IN ('all-clear'));
CREATE UNIQUE INDEX alert_open_dedupe ON alert (patient_id, dedupe_key) WHERE status = 'open' AND dedupe_key IS NOT NULL;
