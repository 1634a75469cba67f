-- Communication: chat between a patient and a care unit, and notifications through one durable outbox.
-- Patient-scoped tables have patient_id first in their primary key, like the rest of the schema.

-- A conversation between one patient and one care unit. Read markers are the id (uuidv7, ordered by
-- time) of the last message each side has seen: the unit's marker is shared by its staff (a unit inbox),
-- and together they give unread counts and read receipts without a row per message and reader.
CREATE TABLE chat_thread (
  patient_id uuid NOT NULL REFERENCES patient (id),
  id uuid NOT NULL,
  care_unit_id uuid NOT NULL REFERENCES care_unit (id),
  subject text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  -- The named staff member responsible for answering; NULL = unassigned in the unit inbox.
  assigned_to uuid REFERENCES account (id),
  created_by uuid NOT NULL REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_message_at timestamptz NOT NULL DEFAULT now(),
  -- Last message from the patient side, for the unit's unread count.
  last_patient_message_id uuid,
  last_staff_message_id uuid,
  patient_read_up_to uuid,
  unit_read_up_to uuid,
  unit_read_by uuid REFERENCES account (id),
  PRIMARY KEY (patient_id, id)
);
CREATE UNIQUE INDEX chat_thread_id ON chat_thread (id);
CREATE INDEX chat_thread_unit ON chat_thread (care_unit_id, last_message_at DESC);

-- kind: text (either side), note (staff-only internal note, never shown to the patient),
-- video (a meeting link), visit-request (a request to book a visit).
CREATE TABLE chat_message (
  patient_id uuid NOT NULL,
  id uuid NOT NULL,
  thread_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('text', 'note', 'video', 'visit-request')),
  author_account_id uuid NOT NULL REFERENCES account (id),
  author_side text NOT NULL CHECK (author_side IN ('patient', 'staff')),
  body text NOT NULL,
  video_url text,
  observation_id uuid,
  alert_id uuid,
  idempotency_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, id),
  FOREIGN KEY (patient_id, thread_id) REFERENCES chat_thread (patient_id, id),
  CHECK (kind = 'text' OR author_side = 'staff')
);
CREATE INDEX chat_message_thread ON chat_message (patient_id, thread_id, id);
CREATE UNIQUE INDEX chat_message_idempotency ON chat_message (patient_id, author_account_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Images (PNG, JPEG) and PDF, checked by their first bytes, at most 5 MB; in the database so that
-- backups, access rules and both database kinds treat them like the messages they belong to.
-- message_id is NULL between upload and the message that sends it.
CREATE TABLE chat_attachment (
  patient_id uuid NOT NULL,
  id uuid NOT NULL,
  thread_id uuid NOT NULL,
  message_id uuid,
  uploaded_by uuid NOT NULL REFERENCES account (id),
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'application/pdf')),
  filename text NOT NULL,
  size integer NOT NULL CHECK (size > 0 AND size <= 5242880),
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, id),
  FOREIGN KEY (patient_id, thread_id) REFERENCES chat_thread (patient_id, id)
);
CREATE UNIQUE INDEX chat_attachment_id ON chat_attachment (id);
CREATE INDEX chat_attachment_message ON chat_attachment (patient_id, message_id);

-- Quick replies a unit keeps for common answers, per language.
CREATE TABLE chat_template (
  id uuid PRIMARY KEY,
  care_unit_id uuid NOT NULL REFERENCES care_unit (id),
  locale text NOT NULL CHECK (locale IN ('sv', 'en')),
  title text NOT NULL,
  body text NOT NULL,
  updated_by uuid REFERENCES account (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_template_unit ON chat_template (care_unit_id, locale);

-- A patient's notification choices. No row = defaults (in-app and push on, e-mail and SMS off,
-- quiet 21–08 Stockholm time, reminders on at 09:00).
CREATE TABLE notification_preference (
  patient_id uuid PRIMARY KEY REFERENCES patient (id),
  in_app boolean NOT NULL DEFAULT true,
  push boolean NOT NULL DEFAULT true,
  email boolean NOT NULL DEFAULT false,
  sms boolean NOT NULL DEFAULT false,
  email_address text,
  quiet_start smallint NOT NULL DEFAULT 21 CHECK (quiet_start BETWEEN 0 AND 23),
  quiet_end smallint NOT NULL DEFAULT 8 CHECK (quiet_end BETWEEN 0 AND 23),
  time_zone text NOT NULL DEFAULT 'Europe/Stockholm',
  reminders boolean NOT NULL DEFAULT true,
  reminder_time text NOT NULL DEFAULT '09:00' CHECK (reminder_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE push_subscription (
  patient_id uuid NOT NULL REFERENCES patient (id),
  endpoint text NOT NULL,
  p256dh text NOT NULL,
  auth text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, endpoint)
);

-- The outbox: one row per notification and channel, written in the transaction of its cause (a new
-- message, a reminder digest). The worker delivers due rows with retries and exponential back-off.
-- Only the kind and a first name are kept; the text is rendered at delivery, without health values.
CREATE TABLE notification_outbox (
  patient_id uuid NOT NULL REFERENCES patient (id),
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('message', 'reminder')),
  channel text NOT NULL CHECK (channel IN ('in-app', 'push', 'email', 'sms')),
  -- The chat message that caused it, so its author can see the delivery status.
  source_message_id uuid,
  detail jsonb NOT NULL DEFAULT '{}',
  dedupe_key text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  -- In-app notifications: when the patient saw it.
  read_at timestamptz,
  PRIMARY KEY (patient_id, id)
);
CREATE UNIQUE INDEX notification_outbox_dedupe ON notification_outbox (dedupe_key);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_outbox_message ON notification_outbox (source_message_id)
  WHERE source_message_id IS NOT NULL;

-- Delivery log: every attempt, its outcome and a short technical reason (no personal data).
CREATE TABLE notification_attempt (
  patient_id uuid NOT NULL,
  outbox_id uuid NOT NULL,
  attempt integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  ok boolean NOT NULL,
  detail text NOT NULL,
  PRIMARY KEY (patient_id, outbox_id, attempt),
  FOREIGN KEY (patient_id, outbox_id) REFERENCES notification_outbox (patient_id, id)
);
