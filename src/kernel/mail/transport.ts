import nodemailer, { type Transporter } from 'nodemailer';

/** SMTP transport from SMTP_URL (e.g. smtp://user:pass@mail.example.org:587), or null: mail stays in the outbox. */
export function createTransport(smtpUrl: string | null): Transporter | null {
  if (!smtpUrl) return null;
  const url = new URL(smtpUrl);
  // Timeouts keep a dead mail server from holding the sender; the outbox retries later.
  for (const [key, value] of Object.entries({ connectionTimeout: '10000', greetingTimeout: '10000', socketTimeout: '20000' })) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  return nodemailer.createTransport(url.toString());
}
