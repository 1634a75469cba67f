import nodemailer from 'nodemailer';
import { type Channel, PermanentFailure } from './channel';

/** E-mail over SMTP (nodemailer); the connection is described by one URL (HEMMA_SMTP_URL). */
export function emailChannel(smtpUrl: string, from: string): Channel {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    name: 'email',
    async send({ recipient, text, reference }) {
      if (!recipient.emailAddress) throw new PermanentFailure('no e-mail address');
      const info = await transport.sendMail({
        from,
        to: recipient.emailAddress,
        subject: text.subject,
        text: text.body,
        headers: { 'X-Hemma-Reference': reference },
      });
      return `smtp accepted (${info.response.slice(0, 40)})`;
    },
  };
}
