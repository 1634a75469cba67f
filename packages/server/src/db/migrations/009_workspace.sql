-- Clinician workspace (issue 6): worklist triage (assignment, snooze, handling times), escalation
-- ladders per unit, staff notes, a staff-kept medication list, validation into the record with
-- versioned corrections, and an export log. Patient-scoped tables have patient_id first in their key.

-- Triage state of an open alert: who has it, and until when it is snoozed (and why).
ALTER TABLE alert
  ADD COLUMN assigned_to uuid REFERENCES account (id),
  ADD COLUMN snoozed_until timestamptz,
  ADD COLUMN snooze_reason text,
  ADD COLUMN snoozed_by uuid REFERENCES account (id);
-- The worklist reaches a unit's open alerts from its enrolments, patient by patient (staff/worklist.ts).
CREATE INDEX alert_open_patient ON alert (patient_id) WHERE status = 'open';

-- Time spent per worklist item by one staff member (opened → handled), and the acknowledgement of an
-- alert as its own row so time-to-acknowledge and staff minutes per patient-week are read from one table.
CREATE TABLE handling_event (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient (id),
  care_unit_id uuid REFERENCES care_unit (id),
  account_id uuid NOT NULL REFERENCES account (id),
  item_kind text NOT NULL CHECK (item_kind IN ('alert', 'missed', 'message', 'validation', 'patient')),
  alert_id uuid,
  action text NOT NULL CHECK (action IN ('reviewed', 'acknowledged', 'assigned', 'snoozed')),
  seconds integer NOT NULL DEFAULT 0 CHECK (seconds >= 0 AND seconds <= 86400),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX handling_event_unit ON handling_event (care_unit_id, at);

-- Escalation ladder per unit: ordered steps {afterMinutes, target: 'assigned-nurse' | 'physician-on-duty'
-- | 'unit', officeHoursOnly}. Each step taken for an alert is logged once (alert_escalation).
CREATE TABLE escalation_ladder (
  care_unit_id uuid PRIMARY KEY REFERENCES care_unit (id),
  steps jsonb NOT NULL,
  time_zone text NOT NULL DEFAULT 'Europe/Stockholm',
  physician_on_duty uuid REFERENCES account (id),
  updated_by uuid REFERENCES account (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE alert_escalation (
  patient_id uuid NOT NULL,
  alert_id uuid NOT NULL,
  step integer NOT NULL CHECK (step >= 0),
  care_unit_id uuid NOT NULL REFERENCES care_unit (id),
  target text NOT NULL,
  notified_account_id uuid REFERENCES account (id),
  at timestamptz NOT NULL,
  PRIMARY KEY (patient_id, alert_id, step)
);

-- Staff notes on a patient (shown in the overview's timeline and the export).
CREATE TABLE staff_note (
  patient_id uuid NOT NULL REFERENCES patient (id),
  id uuid NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  author_account_id uuid NOT NULL REFERENCES account (id),
  author_role text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, id)
);

-- The medication list kept by staff. A change (start, dose change, stop) is a row; its start and stop
-- dates annotate the trend charts.
CREATE TABLE medication (
  patient_id uuid NOT NULL REFERENCES patient (id),
  id uuid NOT NULL,
  drug text NOT NULL CHECK (length(drug) BETWEEN 1 AND 200),
  dose text NOT NULL CHECK (length(dose) BETWEEN 1 AND 200),
  started_on date NOT NULL,
  stopped_on date CHECK (stopped_on IS NULL OR stopped_on >= started_on),
  reason text CHECK (length(reason) <= 1000),
  created_by uuid NOT NULL REFERENCES account (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES account (id),
  updated_at timestamptz,
  PRIMARY KEY (patient_id, id)
);

-- Validation into the record (FHIR Observation.status): preliminary → final when a staff member
-- validates a period (who, when, role). A correction of a final value is a new row with status
-- 'corrected' that points at the row it replaces; the replaced row keeps its value and is marked
-- superseded (or 'entered-in-error' when it should not have existed at all).
ALTER TABLE observation DROP CONSTRAINT IF EXISTS observation_status_check;
ALTER TABLE observation ADD CONSTRAINT observation_status_check
  CHECK (status IN ('preliminary', 'final', 'amended', 'corrected', 'entered-in-error'));
ALTER TABLE observation
  ADD COLUMN validated_at timestamptz,
  ADD COLUMN validated_by uuid REFERENCES account (id),
  ADD COLUMN validated_role text,
  ADD COLUMN replaces_id uuid,
  ADD COLUMN superseded_by uuid,
  ADD COLUMN correction_reason text;
CREATE INDEX observation_preliminary ON observation (patient_id, effective_at) WHERE status = 'preliminary';

-- A value validated by staff is immutable: only the one-time supersede marker or entered-in-error may
-- change. (Values a device or integration sent as 'final' are not staff-validated and not covered.)
CREATE FUNCTION observation_final_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.validated_at IS NOT NULL AND (
       NEW.value IS DISTINCT FROM OLD.value OR NEW.value2 IS DISTINCT FROM OLD.value2
       OR NEW.unit IS DISTINCT FROM OLD.unit OR NEW.effective_at IS DISTINCT FROM OLD.effective_at
       OR NEW.code IS DISTINCT FROM OLD.code OR NEW.validated_by IS DISTINCT FROM OLD.validated_by
       OR NEW.validated_at IS DISTINCT FROM OLD.validated_at
       OR (OLD.superseded_by IS NOT NULL AND NEW.superseded_by IS DISTINCT FROM OLD.superseded_by)
       OR NEW.status NOT IN (OLD.status, 'entered-in-error')) THEN
    RAISE EXCEPTION 'validated observation % is immutable', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER observation_final_immutable BEFORE UPDATE ON observation
  FOR EACH ROW EXECUTE FUNCTION observation_final_immutable();

-- What was exported for the medical record, when and by whom (account and role), with a content hash.
CREATE TABLE record_export (
  patient_id uuid NOT NULL REFERENCES patient (id),
  id uuid NOT NULL,
  format text NOT NULL CHECK (format IN ('fhir-document', 'pdf')),
  period_from timestamptz NOT NULL,
  period_to timestamptz NOT NULL,
  account_id uuid NOT NULL REFERENCES account (id),
  account_role text NOT NULL,
  sha256 text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, id)
);
