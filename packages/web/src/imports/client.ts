import type { ImportRecord } from '@hemma/core';
import { importPayload } from '@hemma/core';
import { request } from '../api';

export interface ImportBatchAnswer {
  created: number;
  duplicates: number;
  invalid: number;
  results: { key: string; status: 'created' | 'duplicate' | 'invalid'; message?: string }[];
}

/** Must match IMPORT_BATCH_MAX on the server (packages/server/src/imports/routes.ts). */
export const IMPORT_BATCH = 500;

export const sendImportBatch = (format: string, records: ImportRecord[]) =>
  request<ImportBatchAnswer>('POST', '/api/patient/imports', {
    body: { format, records: records.map(importPayload) },
  });
