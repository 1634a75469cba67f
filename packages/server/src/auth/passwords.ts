import { hash, verify } from '@node-rs/argon2';

// argon2id (algorithm 2; the package's enum is a const enum we cannot import) at OWASP's minimum:
// 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  // Unknown users are checked against a dummy hash so both answers take the same time.
  const target = storedHash ?? (await dummyHash());
  const ok = await verify(target, password).catch(() => false);
  return ok && storedHash !== null;
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password');
  return dummy;
}
