import { libraryVersion, PROTOCOL_LIBRARY, type Protocol, parseProtocol } from '@hemma/core';
import type { Database, Queryable } from '../db/database';
import { toIso } from '../db/database';
import { badRequest, HttpProblem, notFound } from '../http/problem';

// Versioned protocol store: a protocol is a series of immutable versions; editing adds a version, and plans
// keep pointing at the version they were built from.

export interface ProtocolSummary {
  id: string;
  currentVersion: number;
  builtin: boolean;
  retired: boolean;
  title: Protocol['title'];
  description: Protocol['description'];
  activityCount: number;
  updatedAt: string;
}

export interface ProtocolVersionView {
  id: string;
  version: number;
  currentVersion: number;
  builtin: boolean;
  protocol: Protocol;
  note: string | null;
  createdAt: string;
  createdBy: string | null;
  versions: { version: number; createdAt: string; createdBy: string | null; note: string | null }[];
}

/**
 * Installs the shipped library (idempotent): a protocol that is not there yet as its version 1, and a shipped
 * version newer than the library version a protocol's current version came from as the protocol's next
 * version. Plans keep pointing at the version they were built from. A protocol whose current version staff
 * saved (a region's adaptation) is left alone: installing over it would silently undo their decisions; the
 * newer library version is theirs to adopt in the editor.
 */
export async function installProtocolLibrary(db: Database): Promise<void> {
  await db.tx((client) => installLibraryIn(client));
}

/** installProtocolLibrary inside the caller's transaction (the demo seed). */
export async function installLibraryIn(client: Queryable): Promise<void> {
  for (const p of PROTOCOL_LIBRARY) {
    const shipped = libraryVersion(p.id);
    const { rowCount } = await client.query(
      `INSERT INTO protocol (id, current_version, builtin) VALUES ($1, 1, true) ON CONFLICT (id) DO NOTHING`,
      [p.id],
    );
    if (rowCount) {
      await client.query(
        `INSERT INTO protocol_version (protocol_id, version, definition, note, library_version)
         VALUES ($1, 1, $2, 'Hemma library', $3)`,
        [p.id, JSON.stringify(p), shipped],
      );
      continue;
    }
    // The row lock serialises servers starting at the same time: one installs, the others see it done.
    const { rows } = await client.query<{ current_version: number; library_version: number | null }>(
      `SELECT p.current_version, v.library_version
       FROM protocol p JOIN protocol_version v ON v.protocol_id = p.id AND v.version = p.current_version
       WHERE p.id = $1 AND p.builtin FOR UPDATE OF p`,
      [p.id],
    );
    const current = rows[0];
    if (!current || current.library_version == null || current.library_version >= shipped) continue;
    const next = current.current_version + 1;
    await client.query(
      `INSERT INTO protocol_version (protocol_id, version, definition, note, library_version)
       VALUES ($1, $2, $3, $4, $5)`,
      [p.id, next, JSON.stringify(p), `Hemma library version ${shipped}`, shipped],
    );
    await client.query('UPDATE protocol SET current_version = $2 WHERE id = $1', [p.id, next]);
  }
}

export async function listProtocols(db: Queryable): Promise<ProtocolSummary[]> {
  const { rows } = await db.query<{
    id: string;
    current_version: number;
    builtin: boolean;
    retired: boolean;
    definition: Protocol;
    created_at: Date;
  }>(
    `SELECT p.id, p.current_version, p.builtin, p.retired, v.definition, v.created_at
     FROM protocol p JOIN protocol_version v ON v.protocol_id = p.id AND v.version = p.current_version
     ORDER BY p.builtin DESC, p.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    currentVersion: r.current_version,
    builtin: r.builtin,
    retired: r.retired,
    title: r.definition.title,
    description: r.definition.description,
    activityCount: r.definition.activities.length,
    updatedAt: toIso(r.created_at)!,
  }));
}

/** One version (default: the current one) with the list of all versions. */
export async function getProtocol(db: Queryable, id: string, version?: number): Promise<ProtocolVersionView> {
  const { rows } = await db.query<{
    version: number;
    definition: Protocol;
    note: string | null;
    created_at: Date;
    created_by: string | null;
    current_version: number;
    builtin: boolean;
  }>(
    `SELECT v.version, v.definition, v.note, v.created_at, a.display_name AS created_by, p.current_version, p.builtin
     FROM protocol p JOIN protocol_version v ON v.protocol_id = p.id LEFT JOIN account a ON a.id = v.created_by
     WHERE p.id = $1 ORDER BY v.version`,
    [id],
  );
  const wanted = version ?? rows[0]?.current_version;
  const row = rows.find((r) => r.version === wanted);
  if (!row) throw notFound(version ? 'Protocol version' : 'Protocol');
  return {
    id,
    version: row.version,
    currentVersion: row.current_version,
    builtin: row.builtin,
    protocol: row.definition,
    note: row.note,
    createdAt: toIso(row.created_at)!,
    createdBy: row.created_by,
    versions: rows.map((r) => ({
      version: r.version,
      createdAt: toIso(r.created_at)!,
      createdBy: r.created_by,
      note: r.note,
    })),
  };
}

function validated(input: unknown): Protocol {
  const parsed = parseProtocol(input);
  if (!parsed.ok) throw badRequest('The protocol cannot be used.', parsed.issues);
  return parsed.value;
}

/** Creates a new protocol at version 1. */
export async function createProtocol(db: Database, input: unknown, accountId: string, note: string | null) {
  const protocol = validated(input);
  await db.tx(async (client) => {
    const { rowCount } = await client.query(
      `INSERT INTO protocol (id, current_version) VALUES ($1, 1) ON CONFLICT (id) DO NOTHING`,
      [protocol.id],
    );
    if (!rowCount)
      throw new HttpProblem(
        409,
        'Conflict',
        `A protocol with id ${protocol.id} already exists; edit it instead.`,
      );
    await client.query(
      `INSERT INTO protocol_version (protocol_id, version, definition, note, created_by) VALUES ($1, 1, $2, $3, $4)`,
      [protocol.id, JSON.stringify(protocol), note, accountId],
    );
  });
  return getProtocol(db, protocol.id);
}

/**
 * Saves an edited protocol as the next version. `baseVersion` is the version the editor started from: if
 * someone saved in between, the save is refused (409) instead of silently overwriting their change.
 */
export async function saveProtocolVersion(
  db: Database,
  id: string,
  input: unknown,
  baseVersion: number,
  accountId: string,
  note: string | null,
) {
  const protocol = validated(input);
  if (protocol.id !== id)
    throw badRequest('The protocol id cannot change.', [
      {
        field: 'protocol.id',
        kind: 'invalid',
        given: protocol.id,
        allowed: id,
        message: `protocol.id: must stay ${id}`,
      },
    ]);
  await db.tx(async (client) => {
    const { rows } = await client.query<{ current_version: number }>(
      'SELECT current_version FROM protocol WHERE id = $1 FOR UPDATE',
      [id],
    );
    const current = rows[0]?.current_version;
    if (current === undefined) throw notFound('Protocol');
    if (current !== baseVersion)
      throw new HttpProblem(
        409,
        'Conflict',
        `The protocol was changed in the meantime (now version ${current}); reload and edit again.`,
      );
    await client.query(
      `INSERT INTO protocol_version (protocol_id, version, definition, note, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [id, current + 1, JSON.stringify(protocol), note, accountId],
    );
    await client.query('UPDATE protocol SET current_version = $2 WHERE id = $1', [id, current + 1]);
  });
  return getProtocol(db, id);
}
