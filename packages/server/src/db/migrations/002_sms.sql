-- SMS reporting. A patient's phone numbers (E.164); only a verified number may report values, and a
-- verified number belongs to one patient.
CREATE TABLE patient_phone (
  patient_id uuid NOT NULL REFERENCES patient (id),
  phone_e164 text NOT NULL CHECK (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, phone_e164)
);
CREATE UNIQUE INDEX patient_phone_verified ON patient_phone (phone_e164) WHERE verified_at IS NOT NULL;

-- One row per inbound SMS, for operations and abuse handling: no message text, and the sender only as
-- a keyed SHA-256 hash (HMAC with the webhook secret), so the table holds no phone numbers or values.
CREATE TABLE sms_message (
  id uuid PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  from_hash text NOT NULL,
  provider_message_id text NOT NULL UNIQUE,
  outcome text NOT NULL CHECK (outcome IN ('stored', 'not-understood', 'unknown-sender')),
  patient_id uuid REFERENCES patient (id)
);
CREATE INDEX sms_message_patient ON sms_message (patient_id, received_at) WHERE patient_id IS NOT NULL;
CREATE INDEX sms_message_from ON sms_message (from_hash, received_at);
