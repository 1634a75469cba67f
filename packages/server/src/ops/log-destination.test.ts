import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { logDestination } from './log-destination';

describe('log destination', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hemma-log-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes lines in blocks, and a lone line within about a second', async () => {
    const file = path.join(dir, 'app.log');
    const dest = logDestination(file);
    await new Promise((r) => dest.once('ready', r));
    const log = pino({ base: null }, dest);
    log.info({ route: '/fhir/R4/Observation', status: 201 }, 'request');
    // Buffered: nothing on disk right after the call.
    expect(fs.readFileSync(file, 'utf8')).toBe('');
    await expect
      .poll(() => fs.readFileSync(file, 'utf8'), { timeout: 3000, interval: 100 })
      .toContain('"route":"/fhir/R4/Observation"');
    dest.end();
  });

  it('keeps every line of a burst, in order', async () => {
    const file = path.join(dir, 'burst.log');
    const dest = logDestination(file);
    await new Promise((r) => dest.once('ready', r));
    const log = pino({ base: null }, dest);
    for (let i = 0; i < 500; i++) log.info({ n: i }, 'request');
    dest.flushSync();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).n)).toEqual([...Array(500).keys()]);
    dest.end();
  });
});
