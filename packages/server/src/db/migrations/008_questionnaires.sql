-- Questionnaires (issue 3 part 6). A response is kept as received (validated item by item) with its score;
-- the score itself is also stored as Observations (idempotency key "qr:<response id>:<code>") so that
-- thresholds, alerts, the worklist, charts and FHIR treat it like any value.
CREATE TABLE questionnaire_response (
  patient_id uuid NOT NULL REFERENCES patient (id),
  id uuid NOT NULL,
  -- Instrument id ("phq-9") and the version of the definition it was answered against.
  questionnaire text NOT NULL,
  questionnaire_version text NOT NULL,
  authored_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- QuestionnaireResponse.item as received; free-text answers are personal data like any value.
  items jsonb NOT NULL,
  total double precision,
  band text,
  flags text[] NOT NULL DEFAULT '{}',
  severity text NOT NULL DEFAULT 'green' CHECK (severity IN ('green', 'yellow', 'red')),
  source text NOT NULL CHECK (source IN ('patient-app', 'staff', 'fhir-client')),
  entered_by uuid REFERENCES account (id),
  client_id text,
  identifier_system text,
  identifier_value text,
  idempotency_key text NOT NULL,
  PRIMARY KEY (patient_id, id)
);
CREATE UNIQUE INDEX questionnaire_response_idempotency ON questionnaire_response (patient_id, idempotency_key);
CREATE INDEX questionnaire_response_series ON questionnaire_response (patient_id, questionnaire, authored_at DESC);
CREATE INDEX questionnaire_response_id ON questionnaire_response (id);

-- Licensed wording (CAT, ACT) imported by the region for a shipped structure; replaces the placeholders.
CREATE TABLE questionnaire_wording (
  questionnaire text PRIMARY KEY,
  resource jsonb NOT NULL,
  imported_by uuid REFERENCES account (id),
  imported_at timestamptz NOT NULL DEFAULT now()
);
