// Every e-mail goes through the persistent outbox: enqueued in the database with the change that
// causes it, then sent by `deliverDue`, retried with exponential backoff until sent or out of
// attempts. With no SMTP transport (SMTP_URL unset) messages simply stay in the outbox, readable at
// the development page.
import { randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { trusted } from '../db/connection.js';
import { OutboxModel, type OutboxMessage } from './outbox.model.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  kind: string;
}

export interface OutboxSettings {
  from: string;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  maxAttempts: number;
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

  async enqueue(mail: OutgoingMail, now = new Date()): Promise<string> {
    const doc = await OutboxModel.create({ ...mail, status: 'pending', attempts: 0, nextAttemptAt: now });
    return String(doc._id);
  }

  backoffSeconds(attempts: number): number {
    return Math.min(this.settings.retryMaxSeconds, this.settings.retryBaseSeconds * 2 ** Math.max(0, attempts - 1));
  }

  /** Claims one due message for this sender, or returns null. */
  private async claim(now: Date): Promise<OutboxMessage | null> {
    const claimId = randomUUID();
    const candidate = await OutboxModel.findOne({
      status: trusted({ $in: ['pending', 'sending'] as ('pending' | 'sending')[] }),
      nextAttemptAt: trusted({ $lte: now }),
      claimedUntil: trusted({ $not: { $gt: now } }),
    })
      .sort({ nextAttemptAt: 1 })
      .lean<OutboxMessage>();
    if (!candidate) return null;
    const result = await OutboxModel.updateOne(
      { _id: candidate._id, claimId: candidate.claimId },
      { $set: { status: 'sending', claimId, claimedUntil: new Date(now.getTime() + CLAIM_SECONDS * 1000) } },
    );
    if (result.modifiedCount !== 1) return null;
    // The embedded engine's updates are read-then-write: re-read to be sure the claim is ours.
    const mine = await OutboxModel.findOne({ _id: candidate._id, claimId }).lean<OutboxMessage>();
    return mine;
  }

  /** Sends every due message once; returns how many were sent. Safe to call concurrently. */
  async deliverDue(now = new Date(), limit = 50): Promise<{ sent: number; failed: number }> {
    if (!this.transport) return { sent: 0, failed: 0 };
    let sent = 0;
    let failed = 0;
    for (let i = 0; i < limit; i++) {
      const message = await this.claim(now);
      if (!message) break;
      const attempts = message.attempts + 1;
      try {
        const info = (await this.transport.sendMail({ from: this.settings.from, to: message.to, subject: message.subject, text: message.text })) as { messageId?: string };
        await OutboxModel.updateOne(
          { _id: message._id },
          { $set: { status: 'sent', attempts, sentAt: new Date(), messageId: info.messageId ?? null, lastError: null, claimedUntil: null } },
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
            },
          },
        );
        this.logger.warn({ outboxId: String(message._id), attempts, giveUp, err: (error as Error).message }, 'mail not sent');
        failed++;
      }
    }
    return { sent, failed };
  }

  async latest(limit = 100): Promise<OutboxMessage[]> {
    return OutboxModel.find().sort({ createdAt: -1 }).limit(limit).lean<OutboxMessage[]>();
  }
}
