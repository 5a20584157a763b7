// Every e-mail goes through the persistent outbox: enqueued in the database with the change that
// causes it, then sent by `deliverDue`, retried with exponential backoff until sent or out of
// attempts. With no SMTP transport (SMTP_URL unset) messages simply stay in the outbox, readable at
// the development page.
//
// A message that carries a token (a link that signs in, confirms an account or sets a password) is
// marked `carriesToken`: its body is sealed at rest with the outbox's service key (AES-256-GCM, bound
// to the message's id: kernel/crypto/sealed-fields.ts), opened only at send time (and on the
// development page), and removed in the same update that records it sent (or given up). A copy of
// the database files therefore holds no usable link; delivery stays at-least-once across crashes,
// since the body is kept until the update that says "sent".
import { Types } from 'mongoose';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { trusted } from '../db/connection.js';
import { insertOnce } from '../db/unique.js';
import { keyring } from '../crypto/keyring.js';
import { openWith, sealWith } from '../crypto/sealed-fields.js';
import { OutboxClaimModel, OutboxModel, type OutboxMessage } from './outbox.model.js';
import type { Language } from '../config.js';
import type { ServiceContact } from '../contact/service-contact.js';
import { mailSignature } from './signature.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  kind: string;
  /** The recipient's language: the signature (the service's contact details) is written in it. */
  lang: Language;
  /** The body holds a token: sealed at rest, removed after delivery. */
  carriesToken?: boolean;
}

const SEALED_PATHS = ['text'] as const;
const subjectOf = (id: unknown) => `outbox:${String(id)}`;
const outboxKey = () => keyring.serviceKey('outbox bodies');

/** A message's body as it was written: opened when sealed, null when purged (or unreadable). */
export function mailText(message: { _id: unknown; text?: string | null }): string | null {
  if (message.text === null || message.text === undefined) return null;
  try {
    return openWith(outboxKey(), subjectOf(message._id), { text: message.text }, SEALED_PATHS).text;
  } catch {
    return null; // sealed under another master key, or tampered with
  }
}

export type ReadableMessage = OutboxMessage & { text: string | null; purged: boolean };

export interface OutboxSettings {
  from: string;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  maxAttempts: number;
  /** Where the site is seen from outside (PUBLIC_URL): every link in a message starts with it. */
  publicUrl?: string;
  /** The service's contact details, added at the foot of every message (its sender is never read). */
  contact?: ServiceContact;
}

const CLAIM_SECONDS = 120;

export class Outbox {
  constructor(
    private readonly settings: OutboxSettings,
    private readonly transport: Transporter | null,
    private readonly logger: Logger,
  ) {}

  get canSend(): boolean {
    return this.transport !== null;
  }

  /** The service's phone, e-mail and opening hours, for a message that names them in its text ('' when not configured). */
  serviceDetails(lang: Language): { servicePhone: string; serviceEmail: string; serviceHours: string } {
    const contact = this.settings.contact;
    return { servicePhone: contact?.phone ?? '', serviceEmail: contact?.email ?? '', serviceHours: contact?.hours[lang] ?? '' };
  }

  /** An absolute link to a page of the site (`/my/visits` → `https://…/my/visits`), for a message. */
  link(path: string): string {
    return `${(this.settings.publicUrl ?? '').replace(/\/$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
  }

  async enqueue(mail: OutgoingMail, now = new Date()): Promise<string> {
    const _id = new Types.ObjectId();
    const carriesToken = mail.carriesToken === true;
    const body = this.settings.contact ? `${mail.text.trimEnd()}\n\n${mailSignature(mail.lang, this.settings.contact)}` : mail.text;
    const text = carriesToken ? sealWith(outboxKey(), subjectOf(_id), { text: body }, SEALED_PATHS).text : body;
    await OutboxModel.create({ _id, to: mail.to, subject: mail.subject, kind: mail.kind, text, carriesToken, status: 'pending', attempts: 0, nextAttemptAt: now });
    return String(_id);
  }

  backoffSeconds(attempts: number): number {
    return Math.min(this.settings.retryMaxSeconds, this.settings.retryBaseSeconds * 2 ** Math.max(0, attempts - 1));
  }

  /**
   * Claims one due message for this sender, or returns null when none is left.
   * The claim is an insert into `outbox_claims` keyed by the message, its attempt count and the
   * lease it was seen with: a unique key, so of several senders exactly one wins, on every engine.
   */
  private async claim(now: Date, skip: Set<string>): Promise<OutboxMessage | null> {
    for (;;) {
      const candidate = await OutboxModel.findOne({
        _id: trusted({ $nin: [...skip] }),
        status: trusted({ $in: ['pending', 'sending'] as ('pending' | 'sending')[] }),
        nextAttemptAt: trusted({ $lte: now }),
        claimedUntil: trusted({ $not: { $gt: now } }),
      })
        .sort({ nextAttemptAt: 1 })
        .lean<OutboxMessage>();
      if (!candidate) return null;
      const id = String(candidate._id);
      skip.add(id);
      const key = `${id}:${candidate.attempts}:${candidate.claimedUntil?.getTime() ?? 0}`;
      if (!(await insertOnce(OutboxClaimModel as never, { _id: key, at: now }))) continue; // another sender has it
      const claimedUntil = new Date(now.getTime() + CLAIM_SECONDS * 1000);
      await OutboxModel.updateOne({ _id: candidate._id }, { $set: { status: 'sending', claimedUntil } });
      return { ...candidate, claimedUntil };
    }
  }

  /** Claims older than a day have done their job. */
  async removeOldClaims(now = new Date()): Promise<void> {
    await OutboxClaimModel.deleteMany({ at: trusted({ $lt: new Date(now.getTime() - 86_400_000) }) });
  }

  /** Tries every due message once; returns how many were sent or failed. Safe to call concurrently, from several app instances. */
  async deliverDue(now = new Date(), limit = 50): Promise<{ sent: number; failed: number }> {
    if (!this.transport) return { sent: 0, failed: 0 };
    let sent = 0;
    let failed = 0;
    const seen = new Set<string>();
    for (let i = 0; i < limit; i++) {
      const message = await this.claim(now, seen);
      if (!message) break;
      const attempts = message.attempts + 1;
      // Token-bearing bodies go in the same update that closes the message: never kept once delivered.
      const purge = message.carriesToken ? { text: null, purgedAt: new Date() } : {};
      const text = mailText(message);
      if (text === null) {
        await OutboxModel.updateOne({ _id: message._id }, { $set: { status: 'failed', attempts, lastError: 'no readable body', claimedUntil: null, ...purge } });
        this.logger.warn({ outboxId: String(message._id) }, 'mail without a readable body given up');
        failed++;
        continue;
      }
      try {
        const info = (await this.transport.sendMail({ from: this.settings.from, to: message.to, subject: message.subject, text })) as { messageId?: string };
        await OutboxModel.updateOne(
          { _id: message._id },
          { $set: { status: 'sent', attempts, sentAt: new Date(), messageId: info.messageId ?? null, lastError: null, claimedUntil: null, ...purge } },
        );
        sent++;
      } catch (error) {
        const giveUp = attempts >= this.settings.maxAttempts;
        await OutboxModel.updateOne(
          { _id: message._id },
          {
            $set: {
              status: giveUp ? 'failed' : 'pending',
              attempts,
              lastError: (error as Error).message.slice(0, 500),
              nextAttemptAt: new Date(now.getTime() + this.backoffSeconds(attempts) * 1000),
              claimedUntil: null,
              ...(giveUp ? purge : {}),
            },
          },
        );
        this.logger.warn({ outboxId: String(message._id), attempts, giveUp, err: (error as Error).message }, 'mail not sent');
        failed++;
      }
    }
    return { sent, failed };
  }

  /** The latest messages with their bodies opened (development page); a purged body reads null. */
  async latest(limit = 100): Promise<ReadableMessage[]> {
    const docs = await OutboxModel.find().sort({ createdAt: -1 }).limit(limit).lean<OutboxMessage[]>();
    return docs.map((doc) => ({ ...doc, text: doc.purgedAt ? null : mailText(doc), purged: doc.purgedAt !== null && doc.purgedAt !== undefined }));
  }
}
