-- Issue 9: data growth. Observations stay in one table keyed by patient (see docs/scaling.md for
-- why not time partitions: a time-partitioned table must carry the partition column in every
-- unique index, and the idempotency key (patient_id, idempotency_key) would then only be unique per
-- time range — an app retry without effectiveAt is stamped anew, so it would be stored twice).
-- Every hot query is patient-local through (patient_id, code, effective_at) (observation_series),
-- whose cost grows with the logarithm of the table, not its size; retention keeps the table bounded.

-- The archive: what `npm run archive -- --before <date>` moved out of the hot tables, as whole rows
-- in JSON so later columns need no archive migration. Kept for the record-keeping period (journal
-- law), readable by SQL; not served by the API.
CREATE TABLE observation_archive (
  patient_id uuid NOT NULL,
  id uuid NOT NULL,
  effective_at timestamptz NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now(),
  data jsonb NOT NULL,
  PRIMARY KEY (patient_id, id)
);
CREATE TABLE alert_archive (
  patient_id uuid NOT NULL,
  id uuid NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now(),
  data jsonb NOT NULL,
  PRIMARY KEY (patient_id, id)
);

-- The archive walks observations by time across all patients; a BRIN index answers that range from
-- a few pages (rows arrive roughly in time order) for almost no insert cost.
CREATE INDEX observation_effective_brin ON observation USING brin (effective_at);
