// Text messages leave the machine only through a provider configured by SMS_PROVIDER_URL; without
// one they stay in the outbox (readable on /dev/outbox outside production), like e-mail without
// SMTP_URL. The provider is pluggable: anything with `send`. The one shipped posts JSON to an HTTPS
// gateway — `{to, text, reference}` with the bearer token taken from the URL's user part
// (https://TOKEN@sms.example.org/v1/messages) — and sends the outbox id as `Idempotency-Key`, so a
// retry after a crash between the gateway's answer and the "sent" mark is not delivered twice by a
// gateway that honours the key.

export interface SmsProvider {
  /** Resolves with the provider's message id once the gateway accepted the message; rejects otherwise. */
  send(message: { to: string; text: string; idempotencyKey: string }): Promise<{ id: string | null }>;
}

const TIMEOUT_MS = 10_000;

export function createSmsProvider(url: string | null): SmsProvider | null {
  if (!url) return null;
  const parsed = new URL(url);
  const token = decodeURIComponent(parsed.username);
  parsed.username = '';
  parsed.password = '';
  const endpoint = parsed.toString();
  return {
    async send({ to, text, idempotencyKey }) {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ to, text, reference: idempotencyKey }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = await response.text();
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}: ${body.slice(0, 200)}`);
      let id: string | null = null;
      try {
        const parsedBody = JSON.parse(body) as { id?: unknown };
        if (typeof parsedBody.id === 'string') id = parsedBody.id;
      } catch {
        // a gateway that answers without JSON still accepted the message
      }
      return { id };
    },
  };
}

/**
 * A Belgian mobile number in international form (+324XXXXXXXX), or null when the number cannot
 * receive a text (a landline, a foreign or malformed number): 0470 12 34 56, 0470/12.34.56,
 * +32 470 12 34 56 and 0032470123456 are the same number.
 */
export function belgianMobile(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let digits = phone.replace(/[\s./()-]/g, '');
  if (digits.startsWith('+32')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('0032')) digits = `0${digits.slice(4)}`;
  return /^04\d{8}$/.test(digits) ? `+32${digits.slice(1)}` : null;
}
