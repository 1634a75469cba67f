import { uuidv7 } from 'uuidv7';
import { hashPassword } from '../auth/passwords';
import type { Database } from '../db/database';

export interface Fixture {
  unitA: string;
  unitB: string;
  /** Patient at unit A with a login (patient.a). */
  patientA: string;
  /** Patient at unit B with a login (patient.b). */
  patientB: string;
  nurseA: string;
}

let passwordHash: Promise<string> | undefined;
let secretHash: Promise<string> | undefined;

/** Two units, a nurse and a patient at each, and an integration client. Password: secret-password. */
export async function seedFixture(db: Database): Promise<Fixture> {
  passwordHash ??= hashPassword('secret-password');
  secretHash ??= hashPassword('test-gateway-secret');
  const hash = await passwordHash;
  const region = uuidv7();
  const [unitA, unitB] = [uuidv7(), uuidv7()];
  await db.query('INSERT INTO region (id, name) VALUES ($1, $2)', [region, 'Testregionen']);
  await db.query(
    `INSERT INTO care_unit (id, region_id, name) VALUES ($1, $3, 'Enhet A'), ($2, $3, 'Enhet B')`,
    [unitA, unitB, region],
  );
  const account = async (username: string, role: string, displayName: string) => {
    const id = uuidv7();
    await db.query(
      'INSERT INTO account (id, username, password_hash, role, display_name) VALUES ($1, $2, $3, $4, $5)',
      [id, username, hash, role, displayName],
    );
    return id;
  };
  const nurseA = await account('nurse.a', 'nurse', 'Sköterska A');
  const nurseB = await account('nurse.b', 'nurse', 'Sköterska B');
  await db.query('INSERT INTO staff_membership (account_id, care_unit_id) VALUES ($1, $2), ($3, $4)', [
    nurseA,
    unitA,
    nurseB,
    unitB,
  ]);
  const patient = async (username: string, personnummer: string, unit: string) => {
    const id = uuidv7();
    const acc = await account(username, 'patient', username);
    await db.query(
      `INSERT INTO patient (id, personnummer, given_name, family_name, birth_date, gender, account_id)
       VALUES ($1, $2, 'Test', 'Testsson', '1950-01-01', 'female', $3)`,
      [id, personnummer, acc],
    );
    await db.query(
      `INSERT INTO enrolment (patient_id, id, care_unit_id, condition) VALUES ($1, $2, $3, 'hypertension')`,
      [id, uuidv7(), unit],
    );
    return id;
  };
  const patientA = await patient('patient.a', '191212121212', unitA);
  const patientB = await patient('patient.b', '195001012383', unitB);
  await db.query(
    `INSERT INTO api_client (client_id, secret_hash, name, scopes) VALUES ('test-gateway', $1, 'Test gateway', $2)`,
    [
      await secretHash,
      ['system/Observation.write', 'system/Observation.read', 'system/Patient.read', 'system/Flag.read'],
    ],
  );
  return { unitA, unitB, patientA, patientB, nurseA };
}
