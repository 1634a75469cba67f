-- Hemma schema, version 1. Every patient-scoped table has patient_id first in its primary key,
-- so per-patient queries stay local and the schema can be distributed by patient (Citus).

CREATE TABLE region (
  id uuid PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE care_unit (
  id uuid PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES region (id),
  hsa_id text UNIQUE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE account (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE,
  password_hash text,
  role text NOT NULL CHECK (role IN ('patient', 'nurse', 'physician', 'admin')),
  display_name text NOT NULL,
  locale text NOT NULL DEFAULT 'sv' CHECK (locale IN ('sv', 'en')),
  hsa_id text,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_membership (
  account_id uuid NOT NULL REFERENCES account (id),
  care_unit_id uuid NOT NULL REFERENCES care_unit (id),
  PRIMARY KEY (account_id, care_unit_id)
);
CREATE INDEX staff_membership_unit ON staff_membership (care_unit_id);

CREATE TABLE patient (
  id uuid PRIMARY KEY,
  personnummer text NOT NULL UNIQUE,
  given_name text NOT NULL,
  family_name text NOT NULL,
  birth_date date NOT NULL,
  gender text NOT NULL CHECK (gender IN ('female', 'male', 'other', 'unknown')),
  account_id uuid UNIQUE REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE enrolment (
  patient_id uuid NOT NULL REFERENCES patient (id),
  id uuid NOT NULL,
  care_unit_id uuid NOT NULL REFERENCES care_unit (id),
  condition text NOT NULL,
  kind text NOT NULL DEFAULT 'prescribed' CHECK (kind IN ('self-initiated', 'recommended', 'prescribed')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'finished')),
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  PRIMARY KEY (patient_id, id)
);
CREATE INDEX enrolment_unit ON enrolment (care_unit_id, patient_id) WHERE status = 'active';

-- One row per measurement. Panels keep their components in value, value2 (blood pressure:
-- systolic, diastolic) so the series index answers chart and search queries on its own.
CREATE TABLE observation (
  patient_id uuid NOT NULL REFERENCES patient (id),
  id uuid NOT NULL,
  code text NOT NULL,
  effective_at timestamptz NOT NULL,
  value double precision NOT NULL,
  value2 double precision,
  unit text NOT NULL,
  original_values double precision[] NOT NULL,
  original_units text[] NOT NULL,
  status text NOT NULL DEFAULT 'preliminary'
    CHECK (status IN ('preliminary', 'final', 'amended', 'entered-in-error')),
  source text NOT NULL CHECK (source IN ('patient-app', 'staff', 'device', 'fhir-client', 'sms', 'import')),
  entered_by uuid REFERENCES account (id),
  client_id text,
  device_id text,
  identifier_system text,
  identifier_value text,
  idempotency_key text,
  severity text NOT NULL DEFAULT 'green' CHECK (severity IN ('green', 'yellow', 'red')),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, id)
);
CREATE INDEX observation_series ON observation (patient_id, code, effective_at DESC) INCLUDE (value, value2, severity);
CREATE UNIQUE INDEX observation_idempotency ON observation (patient_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX observation_identifier ON observation (patient_id, identifier_value)
  WHERE identifier_value IS NOT NULL;
CREATE INDEX observation_id ON observation (id);

CREATE TABLE alert (
  patient_id uuid NOT NULL,
  id uuid NOT NULL,
  observation_id uuid NOT NULL,
  severity text NOT NULL CHECK (severity IN ('yellow', 'red')),
  reasons jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged')),
  created_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES account (id),
  ack_note text,
  PRIMARY KEY (patient_id, id),
  FOREIGN KEY (patient_id, observation_id) REFERENCES observation (patient_id, id)
);
CREATE INDEX alert_open ON alert (created_at) WHERE status = 'open';
CREATE INDEX alert_patient ON alert (patient_id, created_at DESC);
CREATE INDEX alert_id ON alert (id);

-- Personal reference intervals; a missing row means the catalogue default applies.
CREATE TABLE threshold (
  patient_id uuid NOT NULL REFERENCES patient (id),
  code text NOT NULL,
  red_low double precision,
  yellow_low double precision,
  yellow_high double precision,
  red_high double precision,
  reason text NOT NULL,
  changed_by uuid NOT NULL REFERENCES account (id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, code)
);

CREATE TABLE threshold_change (
  patient_id uuid NOT NULL REFERENCES patient (id),
  id uuid NOT NULL,
  code text NOT NULL,
  previous jsonb,
  thresholds jsonb NOT NULL,
  reason text NOT NULL,
  changed_by uuid NOT NULL REFERENCES account (id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, id)
);

CREATE TABLE session (
  token_hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  idle_seconds integer NOT NULL
);
CREATE INDEX session_account ON session (account_id);

CREATE TABLE api_client (
  client_id text PRIMARY KEY,
  secret_hash text NOT NULL,
  name text NOT NULL,
  scopes text[] NOT NULL,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE access_token (
  token_hash text PRIMARY KEY,
  client_id text NOT NULL REFERENCES api_client (client_id),
  scopes text[] NOT NULL,
  expires_at timestamptz NOT NULL
);

-- Access log of patient data (who, what, when, why). The full audit design (hash chain,
-- follow-up) builds on this table.
CREATE TABLE audit_event (
  patient_id uuid,
  id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_account_id uuid,
  actor_client_id text,
  actor_role text NOT NULL,
  action text NOT NULL,
  purpose text NOT NULL DEFAULT 'care',
  remote_addr text,
  PRIMARY KEY (id)
);
CREATE INDEX audit_event_patient ON audit_event (patient_id, at);
