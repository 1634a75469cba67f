import type { Queryable } from '../../db/database';

/** FHIR R4 search parameter types used here (http://hl7.org/fhir/R4/search.html#ptypes). */
export type SearchParamType = 'token' | 'reference' | 'date' | 'string' | 'uri' | 'composite' | 'quantity';

/** Binds a value into the query being built and returns its placeholder (`$n`). */
export type Bind = (value: unknown) => string;

/**
 * One search parameter: how a single value (one `&name=value`, commas already meaning OR inside it)
 * becomes a SQL condition on the resource's source row `r`. Throwing an HttpProblem(400) with an
 * issue naming the parameter rejects the search.
 */
export interface SearchParam {
  type: SearchParamType;
  /** SQL condition; may look things up first (e.g. the current version of an Observation). */
  where: (value: string, bind: Bind, db: Queryable) => string | Promise<string>;
  /** May appear more than once (dates: ge…&le…); otherwise a repeat is a 400. */
  repeatable?: boolean;
  documentation?: string;
}

/** A row of a resource's source query. Every source yields these columns, plus its own. */
export interface SourceRow {
  id: string;
  /** The patient the resource belongs to, or null for resources of no one patient. */
  patient_id: string | null;
  /** What `_sort=date` orders by; never null (undated resources use their creation time). */
  sort_at: Date | string;
}

export type FhirResource = { resourceType: string; id: string } & Record<string, unknown>;

/** An `_include` this resource offers: the included resource's type and how to find its ids. */
export interface Include<R extends SourceRow> {
  /** e.g. 'Observation:patient'. */
  name: string;
  target: string;
  ids: (row: R) => string[];
}

/**
 * One FHIR resource type served read-only from Hemma's own tables, mapped at the edge: the source
 * query, the search parameters as SQL, and the mapping to FHIR. fhir/resource-routes.ts turns each
 * into `GET /fhir/R4/<type>` and `GET /fhir/R4/<type>/:id`, and the CapabilityStatement is
 * generated from the same definitions.
 */
export interface ResourceDef<R extends SourceRow = SourceRow> {
  type: string;
  /** A SELECT yielding SourceRow columns; wrapped as `(source) r`, so PostgreSQL pushes conditions
   *  down into it and its tables' indexes serve them. */
  source: string;
  /** How ids look: uuid ids are checked before they reach the database (a malformed id is a 404). */
  idKind: 'uuid' | 'text';
  /** Patient data: every read and search goes through the care-relationship check and is audited;
   *  searches then need a patient (or subject, or _id). */
  patientScoped: boolean;
  /** Without _sort: newest first by sort_at ('-date') or by id ('_id'). */
  defaultSort: '-date' | '_id';
  params: Record<string, SearchParam>;
  includes?: Include<R>[];
  toFhir: (row: R) => FhirResource;
  /** Turns a page of rows into resources when that needs another query (e.g. version numbers). */
  toFhirPage?: (db: Queryable, rows: R[]) => Promise<FhirResource[]>;
  /** A read by id that is not a plain source lookup (e.g. a logical id spanning versions); 'gone'
   *  for a resource that existed and was removed on purpose (410 once access is granted). */
  read?: (
    db: Queryable,
    id: string,
  ) => Promise<{ patientId: string | null; resource: FhirResource | 'gone' } | null>;
  /** Patient-scoped resources searchable without naming a patient (Patient itself): the results are
   *  limited to the patients the caller reaches. */
  openSearch?: boolean;
  /** Patient-scoped resources: also accept `subject` as the patient parameter. */
  subjectParam?: boolean;
}
