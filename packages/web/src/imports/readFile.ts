// Reads a chosen export file on the device: Apple Health XML streamed chunk by chunk (the file never has to
// fit in memory as text, and is never uploaded — only the values found are sent), CSV in one go (home-device
// exports are small). Progress is the share of bytes read.
import {
  AppleHealthParser,
  type ImportRecord,
  type ImportSkip,
  type ImportSkipReason,
  parseCsvExport,
} from '@hemma/core/imports';

export interface FileReadResult {
  /** "apple-health" or the CSV format id; null when the file is of no known kind. */
  format: string | null;
  formatName: string | null;
  records: ImportRecord[];
  /** How many records were passed over while reading, by reason (an Apple export has many of them). */
  skipped: Partial<Record<ImportSkipReason, number>>;
}

function tally(into: FileReadResult['skipped'], skips: ImportSkip[]) {
  for (const s of skips) into[s.reason] = (into[s.reason] ?? 0) + 1;
}

const CSV_LIMIT_BYTES = 20 * 1024 * 1024;

export async function readExportFile(
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<FileReadResult> {
  const head = await file.slice(0, 512).text();
  const isXml = /^\uFEFF?\s*<\?xml|<HealthData/.test(head) || file.name.toLowerCase().endsWith('.xml');
  if (!isXml) {
    if (file.size > CSV_LIMIT_BYTES) {
      return { format: null, formatName: null, records: [], skipped: { 'unknown-format': 1 } };
    }
    const out = parseCsvExport(await file.text());
    onProgress(1);
    const skipped: FileReadResult['skipped'] = {};
    tally(skipped, out.skipped);
    return {
      format: out.format?.id ?? null,
      formatName: out.format?.name ?? null,
      records: out.records,
      skipped,
    };
  }

  const parser = new AppleHealthParser();
  const records: ImportRecord[] = [];
  const skipped: FileReadResult['skipped'] = {};
  let read = 0;
  const counter = new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
    transform(chunk, controller) {
      read += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const reader = file.stream().pipeThrough(counter).pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    if (signal?.aborted) {
      await reader.cancel();
      break;
    }
    const { done, value } = await reader.read();
    if (done) break;
    const out = parser.write(value);
    records.push(...out.records);
    tally(skipped, out.skipped);
    onProgress(file.size > 0 ? read / file.size : 1);
  }
  const last = parser.close();
  records.push(...last.records);
  tally(skipped, last.skipped);
  onProgress(1);
  return { format: 'apple-health', formatName: 'Apple Health', records, skipped };
}
