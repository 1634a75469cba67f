-- FHIR R4 API (issue 5): indexes for searches the API serves, and REST-hook subscriptions.

-- component-code-value-quantity / component-value-quantity (e.g. systolic > 140) need no index of their
-- own: every Observation search names its patient, and observation_series (patient_id, code,
-- effective_at) INCLUDE (value, value2) already carries both blood-pressure components, so the
-- comparison is made on index entries. An extra index would only slow ingest.

-- Device/<id> reads find the observations that name the device.
CREATE INDEX fhir_observation_device ON observation (device_id) WHERE device_id IS NOT NULL;

-- A read of an archived Observation answers 410 Gone instead of 404.
CREATE INDEX fhir_observation_archive_id ON observation_archive (id);

-- Subscriptions (R4 backport, rest-hook). A client subscribes to a topic, optionally only for the
-- patients of one care unit; the delivery job (fhir/subscriptions/delivery.ts) finds new events
-- after the subscription's cursor, numbers them, and posts each one signed with the subscription's
-- own secret (HMAC-SHA256), retrying with back-off. Every attempt is logged.
CREATE TABLE fhir_subscription (
  id uuid PRIMARY KEY,
  client_id text NOT NULL REFERENCES api_client (client_id),
  topic text NOT NULL CHECK (topic IN ('new-flag', 'validated-observation', 'new-communication')),
  care_unit_id uuid REFERENCES care_unit (id),
  endpoint text NOT NULL,
  payload text NOT NULL CHECK (payload IN ('id-only', 'full-resource')),
  secret text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'error', 'off')),
  reason text,
  -- Events up to this instant have been looked for; the next look starts after it.
  cursor_at timestamptz NOT NULL DEFAULT now(),
  events_since_start bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fhir_subscription_client ON fhir_subscription (client_id);

-- One row per notification (event-number = seq), delivered at least once.
CREATE TABLE fhir_subscription_event (
  subscription_id uuid NOT NULL REFERENCES fhir_subscription (id),
  seq bigint NOT NULL,
  resource_type text NOT NULL,
  resource_id uuid NOT NULL,
  patient_id uuid NOT NULL REFERENCES patient (id),
  occurred_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  delivered_at timestamptz,
  PRIMARY KEY (subscription_id, seq)
);
CREATE UNIQUE INDEX fhir_subscription_event_once ON fhir_subscription_event (subscription_id, resource_type, resource_id);
CREATE INDEX fhir_subscription_event_due ON fhir_subscription_event (next_attempt_at) WHERE status = 'pending';

-- The delivery log: every attempt, the HTTP status and a short technical reason (no personal data).
CREATE TABLE fhir_subscription_delivery (
  subscription_id uuid NOT NULL,
  seq bigint NOT NULL,
  attempt integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  http_status integer,
  ok boolean NOT NULL,
  detail text NOT NULL,
  PRIMARY KEY (subscription_id, seq, attempt),
  FOREIGN KEY (subscription_id, seq) REFERENCES fhir_subscription_event (subscription_id, seq)
);

-- The delivery job looks for events after each subscription's cursor by time.
CREATE INDEX fhir_observation_validated ON observation (validated_at) WHERE validated_at IS NOT NULL;
CREATE INDEX fhir_alert_created ON alert (created_at);
CREATE INDEX fhir_chat_message_created ON chat_message (created_at) WHERE kind <> 'note';
