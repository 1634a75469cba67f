-- Issue 9: the worklist at 10,000 patients per unit. Its validation items ("values older than 7 days
-- still preliminary") took one index probe per enrolled patient on every worklist request, 50 of its
-- 85 ms at 10,000 patients with a year of values. This table keeps, per patient, the time of the
-- oldest preliminary value, so the worklist joins it instead. Triggers keep it exact; no code path
-- writes it.
CREATE TABLE validation_pending (
  patient_id uuid PRIMARY KEY REFERENCES patient (id) ON DELETE CASCADE,
  oldest_at timestamptz NOT NULL
);

INSERT INTO validation_pending (patient_id, oldest_at)
SELECT patient_id, min(effective_at) FROM observation WHERE status = 'preliminary' GROUP BY patient_id;

-- New values can only move a patient's oldest preliminary time back: one upsert per statement, which
-- changes nothing in the usual case (a new value is the newest). ON CONFLICT DO UPDATE locks the row
-- even then, until commit; the recompute below relies on that lock. Rows are locked in patient order,
-- as the recompute locks them, so concurrent statements for the same patients cannot deadlock here.
CREATE FUNCTION validation_pending_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO validation_pending AS v (patient_id, oldest_at)
  SELECT patient_id, min(effective_at) FROM new_rows WHERE status = 'preliminary'
  GROUP BY patient_id ORDER BY patient_id
  ON CONFLICT (patient_id) DO UPDATE SET oldest_at = EXCLUDED.oldest_at
    WHERE v.oldest_at > EXCLUDED.oldest_at;
  RETURN NULL;
END $$;

-- Values that left 'preliminary' (validated, entered in error) or left the table (archive): the
-- patients' rows are computed again from the observation_preliminary index. Lock first, then read in
-- new statements: a concurrent insert for the same patient holds the row until it commits, so its
-- value is seen (read committed gives each statement a new snapshot) instead of being dropped.
-- Callers pass the patients sorted (the lock order of the insert trigger).
CREATE FUNCTION validation_pending_recompute(patients uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(patients) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM validation_pending WHERE patient_id = ANY (patients) ORDER BY patient_id FOR UPDATE;
  DELETE FROM validation_pending v WHERE v.patient_id = ANY (patients)
    AND NOT EXISTS (SELECT 1 FROM observation o WHERE o.patient_id = v.patient_id AND o.status = 'preliminary');
  INSERT INTO validation_pending AS v (patient_id, oldest_at)
  SELECT p.id, x.oldest
  FROM unnest(patients) AS p(id)
    CROSS JOIN LATERAL (SELECT min(o.effective_at) AS oldest FROM observation o
                        WHERE o.patient_id = p.id AND o.status = 'preliminary') x
  WHERE x.oldest IS NOT NULL
  ON CONFLICT (patient_id) DO UPDATE SET oldest_at = EXCLUDED.oldest_at
    WHERE v.oldest_at IS DISTINCT FROM EXCLUDED.oldest_at;
END $$;

CREATE FUNCTION validation_pending_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM validation_pending_recompute(ARRAY(
    SELECT DISTINCT o.patient_id FROM old_rows o JOIN new_rows n ON n.patient_id = o.patient_id AND n.id = o.id
    WHERE (o.status = 'preliminary') <> (n.status = 'preliminary')
       OR (n.status = 'preliminary' AND n.effective_at <> o.effective_at)
    ORDER BY 1));
  RETURN NULL;
END $$;

CREATE FUNCTION validation_pending_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM validation_pending_recompute(ARRAY(
    SELECT DISTINCT patient_id FROM old_rows WHERE status = 'preliminary' ORDER BY 1));
  RETURN NULL;
END $$;

CREATE TRIGGER validation_pending_insert AFTER INSERT ON observation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION validation_pending_insert();
CREATE TRIGGER validation_pending_update AFTER UPDATE ON observation
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION validation_pending_update();
CREATE TRIGGER validation_pending_delete AFTER DELETE ON observation
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION validation_pending_delete();
