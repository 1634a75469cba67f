import { badRequest, HttpProblem } from '../http/problem';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

const SIGNATURES: { type: AttachmentType; bytes: number[] }[] = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

/** The type the file's first bytes say it is, whatever it was called; undefined for anything else. */
export function sniffType(data: Uint8Array): AttachmentType | undefined {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => data[i] === b))?.type;
}

/**
 * Checks an upload: a PNG, JPEG or PDF by its content (a renamed program is refused), matching the
 * declared Content-Type, not empty, at most 5 MB. Returns the type to store.
 */
export function checkAttachment(data: Buffer, declared: string | undefined): AttachmentType {
  if (data.length === 0) throw badRequest('The file is empty.');
  if (data.length > MAX_ATTACHMENT_BYTES) {
    throw new HttpProblem(413, 'File too large', 'Attachments can be at most 5 MB.');
  }
  const type = sniffType(data);
  if (!type) {
    throw new HttpProblem(
      415,
      'Unsupported file type',
      'Only PNG and JPEG images and PDF files can be sent.',
    );
  }
  const base = declared?.split(';')[0]?.trim().toLowerCase();
  if (base && base !== 'application/octet-stream' && base !== type) {
    throw new HttpProblem(415, 'Unsupported file type', `The file's content is ${type}, not ${base}.`);
  }
  return type;
}

/** A file name safe to store and to put in a header: no path, no control characters, bounded. */
export function cleanFilename(raw: string | undefined, type: AttachmentType): string {
  let name = '';
  try {
    name = decodeURIComponent(raw ?? '');
  } catch {
    name = '';
  }
  name = name
    .split(/[\\/]/)
    .pop()!
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 120);
  const ext = type === 'application/pdf' ? 'pdf' : type === 'image/png' ? 'png' : 'jpg';
  return name || `attachment.${ext}`;
}

/** Content-Disposition: images shown in the conversation, PDFs downloaded; RFC 6266 / 5987 name. */
export function contentDisposition(type: AttachmentType, filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  const mode = type === 'application/pdf' ? 'attachment' : 'inline';
  return `${mode}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
