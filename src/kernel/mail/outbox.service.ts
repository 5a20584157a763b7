// Every e-mail and text message goes through the persistent outbox: enqueued in the database with
// the change that causes it, then sent by `deliverDue`, retried with exponential backoff until sent
// or out of attempts. With no SMTP transport (SMTP_URL unset) or no SMS provider (SMS_PROVIDER_URL,
// sms-provider.ts) messages of that channel simply stay in the outbox, readable at the development page.
//
// A message that carries a token (a link that signs in, confirms an account or sets a password) is
// marked `carriesToken`: its body is sealed at rest with the outbox's service key (AES-256-GCM, bound
// to the message's id: kernel/crypto/sealed-fields.ts), opened only at send time (and on the
// development page), and removed in the same update that records it sent (or given up). A copy of
// the database files therefore holds no usable link; delivery stays at-least-once across crashes,
// since the body is kept until the update that says "sent".
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { trusted } from '../db/connection.js';
import { isDuplicateKeyError } from '../db/unique.js';
import { keyring } from '../crypto/keyring.js';
import { openWith, sealWith } from '../crypto/sealed-fields.js';
import { OutboxClaimModel, OutboxModel, type OutboxMessage } from './outbox.model.js';
import type { SmsProvider } from './sms-provider.js';
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
  /** The record the message is about (e.g. "cohabitation:<id>"), so staff can see what was sent (`about`). */
  about?: string;
}

export interface OutgoingSms {
  /** A mobile number in international form (belgianMobile in sms-provider.ts). */
  to: string;
  text: string;
  kind: string;
  about?: string;
}

/** What staff see of a message sent about a record: never a token-bearing body. */
export interface SentMessage {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  kind: string;
  subject: string;
  text: string | null;
  status: string;
  createdAt: Date;
  sentAt: Date | null;
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
    private readonly sms: SmsProvider | null = null,
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

  get canSendSms(): boolean {
    return this.sms !== null;
  }

  async enqueue(mail: OutgoingMail, now = new Date()): Promise<string> {
    return (await this.insert({ channel: 'email', ...mail }, new Types.ObjectId(), now)).id;
  }

  /** Text messages never carry a token (no sign-in link goes by SMS). */
  async enqueueSms(sms: OutgoingSms, now = new Date()): Promise<string> {
    return (await this.insert({ channel: 'sms', subject: '', ...sms }, new Types.ObjectId(), now)).id;
  }

  /**
   * Enqueues a message at most once for `key`, across retries, crashes and app instances: its id is
   * derived from the key, so a second enqueue is a duplicate key and nothing more. False when it was
   * already there. (Enqueuing first and marking after would send twice after a crash; marking first
   * would lose it.)
   */
  async enqueueOnce(key: string, message: ({ channel: 'email' } & OutgoingMail) | ({ channel: 'sms' } & OutgoingSms), now = new Date()): Promise<boolean> {
    const _id = new Types.ObjectId(createHash('sha256').update(`outbox-once:${key}`).digest().subarray(0, 12));
    return (await this.insert({ subject: '', ...message }, _id, now)).created;
  }

  private async insert(
    m: { channel: 'email' | 'sms'; to: string; subject: string; text: string; kind: string; lang?: Language; carriesToken?: boolean; about?: string },
    _id: Types.ObjectId,
    now: Date,
  ): Promise<{ id: string; created: boolean }> {
    const carriesToken = m.channel === 'email' && m.carriesToken === true;
    // Every e-mail ends with the service's contact details in its reader's language; a text message is kept short.
    const body = m.channel === 'email' && this.settings.contact && m.lang ? `${m.text.trimEnd()}\n\n${mailSignature(m.lang, this.settings.contact)}` : m.text;
    const text = carriesToken ? sealWith(outboxKey(), subjectOf(_id), { text: body }, SEALED_PATHS).text : body;
    try {
      await OutboxModel.create({
        _id,
        channel: m.channel,
        to: m.to,
        subject: m.subject,
        kind: m.kind,
        text,
        carriesToken,
        about: m.about ?? null,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
      });
      return { id: String(_id), created: true };
    } catch (error) {
      if (isDuplicateKeyError(error)) return { id: String(_id), created: false };
      throw error;
    }
  }

  /** The messages about a record, newest first (bodies of token-bearing ones left out). */
  async about(ref: string, limit = 100): Promise<SentMessage[]> {
    const docs = await OutboxModel.find({ about: ref }).sort({ createdAt: -1 }).limit(limit).lean<OutboxMessage[]>();
    return docs.map((d) => ({
      id: String(d._id),
      channel: d.channel === 'sms' ? 'sms' : 'email',
      to: d.to,
      kind: d.kind,
      subject: d.subject ?? '',
      text: d.carriesToken ? null : mailText(d),
      status: d.status,
      createdAt: (d as { createdAt?: Date }).createdAt ?? d.nextAttemptAt,
      sentAt: d.sentAt ?? null,
    }));
  }

  /** The channels this instance can deliver; messages of the others wait in the outbox. */
  private channelFilter(): Record<string, unknown> {
    if (this.transport && this.sms) return {};
    // Messages written before channels existed have none: they are e-mails.
    return this.transport ? { channel: trusted({ $ne: 'sms' }) } : { channel: 'sms' };
  }

  backoffSeconds(attempts: number): number {
    return Math.min(this.settings.retryMaxSeconds, this.settings.retryBaseSeconds * 2 ** Math.max(0, attempts - 1));
  }

  /**
   * Claims one due message for this sender, or returns null when none is left. The claim is a
   * conditional update (compare-and-set, one winner: docs/database.md) checked when it is applied —
   * still pending or with a lapsed lease, at the attempt count seen — never a decision taken on the
   * document as read: on the embedded engine a query can return a document in the state a concurrent
   * write left it after the query matched it (measured: two senders both sent one message when the
   * claim was keyed by the values read).
   */
  private async claim(now: Date, skip: Set<string>): Promise<OutboxMessage | null> {
    const lapsed = () => trusted({ $not: { $gt: now } });
    for (;;) {
      const candidate = await OutboxModel.findOne({
        _id: trusted({ $nin: [...skip] }),
        status: trusted({ $in: ['pending', 'sending'] as ('pending' | 'sending')[] }),
        nextAttemptAt: trusted({ $lte: now }),
        claimedUntil: lapsed(),
        ...this.channelFilter(),
      })
        .sort({ nextAttemptAt: 1 })
        .lean<OutboxMessage>();
      if (!candidate) return null;
      skip.add(String(candidate._id));
      const claimedUntil = new Date(now.getTime() + CLAIM_SECONDS * 1000);
      const won = await OutboxModel.updateOne(
        {
          _id: candidate._id,
          status: trusted({ $in: ['pending', 'sending'] as ('pending' | 'sending')[] }),
          attempts: candidate.attempts,
          nextAttemptAt: trusted({ $lte: now }),
          claimedUntil: lapsed(),
        },
        { $set: { status: 'sending', claimedUntil } },
      );
      if (won.modifiedCount !== 1) continue; // another sender has it
      return { ...candidate, claimedUntil };
    }
  }

  /** Records of the former claim scheme (one insert per claim; nothing writes them any more), cleared after a day. */
  async removeOldClaims(now = new Date()): Promise<void> {
    await OutboxClaimModel.deleteMany({ at: trusted({ $lt: new Date(now.getTime() - 86_400_000) }) });
  }

  /** Tries every due message once; returns how many were sent or failed. Safe to call concurrently, from several app instances. */
  async deliverDue(now = new Date(), limit = 50): Promise<{ sent: number; failed: number }> {
    if (!this.transport && !this.sms) return { sent: 0, failed: 0 };
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
        await OutboxModel.updateOne(
          { _id: message._id },
          { $set: { status: 'failed', attempts, lastError: 'no readable body', claimedUntil: null, ...purge } },
        );
        this.logger.warn({ outboxId: String(message._id) }, 'mail without a readable body given up');
        failed++;
        continue;
      }
      try {
        const messageId = await this.send(message, text);
        await OutboxModel.updateOne(
          { _id: message._id },
          { $set: { status: 'sent', attempts, sentAt: new Date(), messageId, lastError: null, claimedUntil: null, ...purge } },
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

  /** Hands one claimed message to its channel; the provider's id for it. */
  private async send(message: OutboxMessage, text: string): Promise<string | null> {
    if (message.channel === 'sms') return (await this.sms!.send({ to: message.to, text, idempotencyKey: String(message._id) })).id;
    const info = (await this.transport!.sendMail({ from: this.settings.from, to: message.to, subject: message.subject ?? '', text })) as { messageId?: string };
    return info.messageId ?? null;
  }

  /** The latest messages with their bodies opened (development page); a purged body reads null. */
  async latest(limit = 100): Promise<ReadableMessage[]> {
    const docs = await OutboxModel.find().sort({ createdAt: -1 }).limit(limit).lean<OutboxMessage[]>();
    return docs.map((doc) => ({ ...doc, text: doc.purgedAt ? null : mailText(doc), purged: doc.purgedAt !== null && doc.purgedAt !== undefined }));
  }
}
