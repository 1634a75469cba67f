-- Run-in (inkörning, issue 3): after the first 14 local days of a recommended or prescribed enrolment the
-- system proposes personal yellow limits from the patient's own readings (core run-in.ts); a nurse accepts
-- (optionally edited) or rejects them. See docs/care-plans.md, "Run-in".

-- One row per enrolment whose run-in was evaluated: the job's claim, so each enrolment is evaluated exactly
-- once (also by concurrent runs) and enrolments without a proposable code are not looked at again.
-- 'too-late': the run-in ended so long before the job saw it that its readings no longer describe the patient.
CREATE TABLE run_in (
  patient_id uuid NOT NULL,
  enrolment_id uuid NOT NULL,
  run_in_from timestamptz NOT NULL,
  run_in_to timestamptz NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('evaluated', 'too-late')),
  evaluated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_id, enrolment_id),
  FOREIGN KEY (patient_id, enrolment_id) REFERENCES enrolment (patient_id, id)
);

-- The run-in's result per value code. 'pending' waits for a nurse; 'unchanged' (the limits in force already
-- fit) and 'insufficient' (too few readings or days) are kept so staff see why nothing was proposed.
-- Limits are Thresholds objects ({redLow, yellowLow, yellowHigh, redHigh}); accepted_limits are the ones
-- written as personal thresholds (the proposal, or the nurse's edit of its yellow limits).
CREATE TABLE run_in_proposal (
  patient_id uuid NOT NULL,
  id uuid NOT NULL,
  enrolment_id uuid NOT NULL,
  code text NOT NULL,
  status text NOT NULL
    CHECK (status IN ('pending', 'accepted', 'rejected', 'superseded', 'unchanged', 'insufficient')),
  current_limits jsonb,
  proposed_limits jsonb,
  accepted_limits jsonb,
  usual double precision,
  spread double precision,
  readings_used integer NOT NULL CHECK (readings_used >= 0),
  days_used integer NOT NULL CHECK (days_used >= 0),
  usual_beyond_red boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES account (id),
  decided_at timestamptz,
  decision_reason text CHECK (length(decision_reason) <= 1000),
  PRIMARY KEY (patient_id, id),
  UNIQUE (patient_id, enrolment_id, code),
  FOREIGN KEY (patient_id, enrolment_id) REFERENCES enrolment (patient_id, id),
  CHECK (status = 'insufficient' OR (current_limits IS NOT NULL AND proposed_limits IS NOT NULL)),
  CHECK ((status IN ('accepted', 'rejected')) = (decided_at IS NOT NULL))
);
-- At most one proposal per patient and code waits for a decision; the worklist probes it per patient.
CREATE UNIQUE INDEX run_in_proposal_pending ON run_in_proposal (patient_id, code) WHERE status = 'pending';
