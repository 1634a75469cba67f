import { describeReasons, findMeasurement } from '@hemma/core';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { type RecordPeriod, type Signature, summaryLines, valueText } from './document';

// The PDF summary for the medical record (Swedish, the record's language): identity, period, who
// exported it, summary metrics, one simple line chart per measured series, alerts, medications, notes
// and the values. pdf-lib with the standard Helvetica font (WinAnsi), so nothing is fetched or embedded.

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;

// WinAnsi covers Latin-1 and a few more; anything else would make pdf-lib throw.
const printable = (s: string) => s.replace(/[^\u0020-\u007e\u00a0-\u00ff–—‘’“”•…€]/g, '?');

class Writer {
  page: PDFPage;
  y: number;
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  ensure(height: number) {
    if (this.y - height < MARGIN) {
      this.page = this.doc.addPage(A4);
      this.y = A4[1] - MARGIN;
    }
  }
  text(s: string, opts: { size?: number; bold?: boolean } = {}) {
    const size = opts.size ?? 10;
    const font = opts.bold ? this.bold : this.font;
    const width = A4[0] - 2 * MARGIN;
    // Wrap on words to the page width.
    const words = printable(s).split(/\s+/);
    let line = '';
    const lines: string[] = [];
    for (const w of words) {
      const next = line ? `${line} ${w}` : w;
      if (font.widthOfTextAtSize(next, size) > width && line) {
        lines.push(line);
        line = w;
      } else line = next;
    }
    lines.push(line);
    for (const l of lines) {
      this.ensure(size + 4);
      this.page.drawText(l, { x: MARGIN, y: this.y - size, size, font });
      this.y -= size + 4;
    }
  }
  heading(s: string) {
    this.y -= 6;
    this.text(s, { size: 13, bold: true });
  }
  chart(title: string, series: { t: number; v: number }[][], from: number, to: number) {
    const height = 110;
    this.ensure(height + 30);
    this.text(title, { bold: true });
    const x0 = MARGIN;
    const w = A4[0] - 2 * MARGIN;
    const y0 = this.y - height;
    const all = series.flat();
    const min = Math.min(...all.map((p) => p.v));
    const max = Math.max(...all.map((p) => p.v));
    const span = max - min || 1;
    const grey = rgb(0.6, 0.6, 0.6);
    this.page.drawLine({ start: { x: x0, y: y0 }, end: { x: x0 + w, y: y0 }, color: grey, thickness: 0.5 });
    this.page.drawLine({
      start: { x: x0, y: y0 },
      end: { x: x0, y: y0 + height },
      color: grey,
      thickness: 0.5,
    });
    this.page.drawText(printable(String(Math.round(max * 10) / 10)), {
      x: x0 + 2,
      y: y0 + height - 8,
      size: 7,
      font: this.font,
    });
    this.page.drawText(printable(String(Math.round(min * 10) / 10)), {
      x: x0 + 2,
      y: y0 + 2,
      size: 7,
      font: this.font,
    });
    const colours = [rgb(0.1, 0.3, 0.7), rgb(0.7, 0.2, 0.2)];
    series.forEach((points, i) => {
      const xy = points
        .slice()
        .sort((a, b) => a.t - b.t)
        .map((p) => ({
          x: x0 + ((p.t - from) / (to - from || 1)) * w,
          y: y0 + ((p.v - min) / span) * (height - 12) + 6,
        }));
      for (let k = 1; k < xy.length; k++) {
        this.page.drawLine({ start: xy[k - 1]!, end: xy[k]!, color: colours[i % 2]!, thickness: 1 });
      }
      if (xy.length === 1) this.page.drawCircle({ ...xy[0]!, size: 1.5, color: colours[i % 2]! });
    });
    this.y = y0 - 10;
  }
}

const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export async function buildRecordPdf(p: RecordPeriod, signer: Signature, now: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Egenmonitorering — sammanfattning');
  doc.setAuthor(printable(signer.displayName));
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );
  w.text('Egenmonitorering — sammanfattning för journalen', { size: 16, bold: true });
  w.text(`${p.patient.name}, ${p.patient.personnummer}`);
  w.text(
    `Period ${p.from.toISOString().slice(0, 10)} – ${new Date(p.to.getTime() - 1).toISOString().slice(0, 10)}`,
  );
  w.text(`Exporterad ${day(now.toISOString())} UTC av ${signer.displayName} (${signer.role})`);

  w.heading('Sammanfattning');
  for (const l of summaryLines(p, 'sv')) w.text(l);

  const current = p.values.filter((v) => !v.supersededBy && v.status !== 'entered-in-error');
  const codes = [...new Set(current.map((v) => v.code))];
  if (codes.length) w.heading('Trender');
  for (const code of codes) {
    const vs = current.filter((v) => v.code === code);
    const def = findMeasurement(code);
    const components = vs[0]?.values.length ?? 1;
    const series = Array.from({ length: components }, (_, i) =>
      vs.map((v) => ({ t: Date.parse(v.effectiveAt), v: v.values[i]! })),
    );
    w.chart(
      `${def?.name.sv ?? code} (${def?.unitDisplay ?? vs[0]?.unit ?? ''})`,
      series,
      p.from.getTime(),
      p.to.getTime(),
    );
  }

  w.heading('Larm');
  if (p.alerts.length === 0) w.text('Inga larm under perioden.');
  for (const a of p.alerts) {
    w.text(
      `${day(a.createdAt)} ${a.severity === 'red' ? 'RÖD' : 'GUL'}: ${describeReasons(a.reasons, 'sv')}${a.acknowledgedBy ? ` — kvitterad av ${a.acknowledgedBy}` : ''}`,
    );
  }
  w.heading('Läkemedel');
  if (p.medications.length === 0) w.text('Inga läkemedel registrerade.');
  for (const m of p.medications) {
    w.text(
      `${m.drug} ${m.dose}, från ${m.startedOn}${m.stoppedOn ? ` till ${m.stoppedOn}` : ''}${m.reason ? ` (${m.reason})` : ''}`,
    );
  }
  w.heading('Anteckningar');
  if (p.notes.length === 0) w.text('Inga anteckningar.');
  for (const n of p.notes) w.text(`${day(n.createdAt)} ${n.author}: ${n.body}`);

  w.heading('Värden');
  for (const v of p.values) {
    const mark =
      v.status === 'entered-in-error'
        ? ' [felregistrerad]'
        : v.supersededBy
          ? ' [rättad]'
          : v.status === 'corrected'
            ? ` [rättelse: ${v.correctionReason ?? ''}]`
            : v.status === 'preliminary'
              ? ' [ej validerad]'
              : '';
    w.text(`${day(v.effectiveAt)} ${valueText(v, 'sv')}${mark}`, { size: 9 });
  }
  return doc.save();
}
