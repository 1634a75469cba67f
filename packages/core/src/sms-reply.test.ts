import { describe, expect, it } from 'vitest';
import { analyzeSmsReport, parseSmsReport } from './sms';
import { smsReply, smsUnknownSenderReply } from './sms-reply';

describe('smsReply', () => {
  it.each([
    ['BT 142/91 P 77', 'sv', 'Tack! Sparat: blodtryck 142/91, puls 77.'],
    ['BT 142/91 P 77', 'en', 'Thank you! Saved: blood pressure 142/91, pulse 77.'],
    ['VIKT 82,4', 'sv', 'Tack! Sparat: vikt 82,4 kg.'],
    ['VIKT 82,4', 'en', 'Thank you! Saved: weight 82.4 kg.'],
    ['SOCKER 5,6 SAT 94', 'sv', 'Tack! Sparat: blodsocker 5,6 mmol/L, syremättnad 94 %.'],
    ['TEMP 37,5 PEF 420', 'sv', 'Tack! Sparat: temperatur 37,5 °C, toppflöde 420 L/min.'],
  ] as const)('confirms what was stored: %s (%s)', (text, lang, reply) => {
    expect(smsReply(analyzeSmsReport(text), lang)).toBe(reply);
  });

  it('keeps the confirmation of every measurement at once within one SMS (160 characters)', () => {
    const reply = smsReply(parseSmsReport('BT 142/91 P 77 VIKT 82,4 SOCKER 5,6 SAT 94 TEMP 37,5 PEF 420'));
    expect(reply).toBe(
      'Tack! Sparat: blodtryck 142/91, puls 77, vikt 82,4 kg, blodsocker 5,6 mmol/L, syremättnad 94 %, temperatur 37,5 °C, toppflöde 420 L/min.',
    );
    expect(reply.length).toBeLessThanOrEqual(160);
  });

  it('says that nothing was stored, what was not understood and how to write it', () => {
    expect(smsReply(analyzeSmsReport('BT 142/91 VKT 82'))).toBe(
      'Inget sparades.\nJag förstod inte "VKT 82". Skriv till exempel: VIKT 82,4\nRätta och skicka hela meddelandet igen.',
    );
    expect(smsReply(analyzeSmsReport('BT 142/91 VKT 82'), 'en')).toBe(
      'Nothing was saved.\nI did not understand "VKT 82". Write for example: VIKT 82.4\nPlease correct it and send the whole message again.',
    );
  });

  it('uses the Swedish errors of parseSmsReport when there are no structured problems', () => {
    const reply = smsReply(parseSmsReport('VKT 82'));
    expect(reply).toContain('Jag förstod inte "VKT 82"');
    expect(reply.length).toBeLessThanOrEqual(160);
  });

  it('spells out at most two problems', () => {
    const reply = smsReply(analyzeSmsReport('VKT 82 PLS 77 STA 94 TMP3 37'));
    expect(reply.split('\n')).toHaveLength(5);
    expect(reply).toContain('(+');
  });

  it('answers free text with where to turn instead, and no prefix', () => {
    const reply = smsReply(analyzeSmsReport('Jag har ont i bröstet'));
    expect(reply).toMatch(/^Det här numret tar bara emot mätvärden/);
    expect(reply).toContain('112');
    expect(reply.length).toBeLessThanOrEqual(160);
    expect(smsReply(analyzeSmsReport('I feel unwell'), 'en')).toContain('112');
  });

  it('has a neutral reply for unknown numbers, revealing nothing', () => {
    expect(smsUnknownSenderReply()).toBe(
      'Det här numret kan inte ta emot mätvärden. Kontakta din vårdenhet.',
    );
    expect(smsUnknownSenderReply('en')).toMatch(/^This number cannot receive measurements/);
  });
});
