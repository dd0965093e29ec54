import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

let transport: Transporter | undefined;

/**
 * Sends through SMTP when `SMTP_URL` is set (e.g. `smtps://user:pass@smtp.example.com:465`), from
 * `MAIL_FROM`. Without it the message goes to the server log, so that a self-hosted trial still works.
 */
export async function sendMail(mail: Mail): Promise<'smtp' | 'log'> {
  const url = process.env.SMTP_URL;
  if (!url) {
    console.info(`[mail] SMTP_URL is not set; not sent, logged instead.\n  To: ${mail.to}\n  Subject: ${mail.subject}\n${mail.text.replace(/^/gm, '  ')}`);
    return 'log';
  }
  transport ??= nodemailer.createTransport(url);
  await transport.sendMail({ from: process.env.MAIL_FROM ?? 'Partner Portal <no-reply@localhost>', ...mail });
  return 'smtp';
}

/** Sends after the change committed, without making the user wait or fail on a mail outage. */
export function sendMailInBackground(mail: Mail): void {
  sendMail(mail).catch((error) => console.error(`[mail] could not send "${mail.subject}" to ${mail.to}:`, (error as Error).message));
}
