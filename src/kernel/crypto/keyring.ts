// Per-person data keys, wrapped by the master key from configuration (envelope encryption).
// Keys are created on first use, unwrapped keys are cached briefly in memory, and shredding a
// person deletes their wrapped key for good.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { trusted } from '../db/connection.js';
import { insertOnce } from '../db/unique.js';
import { DataKeyModel } from './data-key.model.js';
import { KEY_BYTES, openBytes, sealBytes } from './envelope.js';

const CACHE_MS = 10 * 60_000;
const CACHE_MAX = 20_000;

export class KeyringError extends Error {}

export function masterKeyId(master: Buffer): string {
  return createHash('sha256').update('cohabitation master key id').update(master).digest('hex').slice(0, 16);
}

export class Keyring {
  private master: Buffer | null = null;
  private masterId = '';
  private readonly cache = new Map<string, { key: Buffer; until: number }>();

  configure(master: Buffer): void {
    if (master.length !== KEY_BYTES) throw new KeyringError(`the master key must be ${KEY_BYTES} bytes`);
    if (this.master && !this.master.equals(master)) this.cache.clear();
    this.master = master;
    this.masterId = masterKeyId(master);
  }

  private requireMaster(): Buffer {
    if (!this.master) throw new KeyringError('the keyring has no master key (createApp configures it)');
    return this.master;
  }

  private unwrap(doc: { _id: string; wrapped: string; masterKeyId: string }): Buffer {
    if (doc.masterKeyId !== this.masterId)
      throw new KeyringError(`data key ${doc._id} was wrapped by master key ${doc.masterKeyId}, not by the configured one (${this.masterId})`);
    return openBytes(this.requireMaster(), doc.wrapped, `data-key|${doc._id}`);
  }

  private remember(subject: string, key: Buffer): Buffer {
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(subject, { key, until: Date.now() + CACHE_MS });
    return key;
  }

  private cached(subject: string): Buffer | null {
    const hit = this.cache.get(subject);
    if (!hit) return null;
    if (hit.until < Date.now()) {
      this.cache.delete(subject);
      return null;
    }
    return hit.key;
  }

  /** A key that belongs to no person, derived from the master key for one purpose (e.g. stored API responses). */
  serviceKey(purpose: string): Buffer {
    return createHmac('sha256', this.requireMaster()).update(`service key|${purpose}`).digest();
  }

  /** The person's key; created when missing (two creators at once agree on one key: unique _id). */
  async keyFor(subject: string): Promise<Buffer> {
    const existing = await this.find(subject);
    if (existing) return existing;
    const key = randomBytes(KEY_BYTES);
    const wrapped = sealBytes(this.requireMaster(), key, `data-key|${subject}`);
    if (await insertOnce(DataKeyModel, { _id: subject, wrapped, masterKeyId: this.masterId, createdAt: new Date() })) return this.remember(subject, key);
    const winner = await this.find(subject);
    if (!winner) throw new KeyringError(`data key ${subject} vanished while being created`);
    return winner;
  }

  /** The person's key, or null when there is none (never created, or shredded). */
  async find(subject: string): Promise<Buffer | null> {
    const hit = this.cached(subject);
    if (hit) return hit;
    const doc = await DataKeyModel.findById(subject).lean<{ _id: string; wrapped: string; masterKeyId: string }>();
    return doc ? this.remember(subject, this.unwrap(doc)) : null;
  }

  /** Keys of many people in one query (lists, statistics). Missing ones are simply absent. */
  async findMany(subjects: Iterable<string>): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const subject of new Set(subjects)) {
      const hit = this.cached(subject);
      if (hit) out.set(subject, hit);
      else missing.push(subject);
    }
    for (let i = 0; i < missing.length; i += 1000) {
      const docs = await DataKeyModel.find({ _id: trusted({ $in: missing.slice(i, i + 1000) }) }).lean<
        { _id: string; wrapped: string; masterKeyId: string }[]
      >();
      for (const doc of docs) out.set(doc._id, this.remember(doc._id, this.unwrap(doc)));
    }
    return out;
  }

  /** Crypto-shredding: the wrapped key is deleted, so what it sealed is unreadable everywhere. */
  async shred(subject: string): Promise<boolean> {
    this.cache.delete(subject);
    const { deletedCount } = await DataKeyModel.deleteOne({ _id: subject });
    return deletedCount > 0;
  }
}

/** The application's keyring, configured once by createApp with the master key from configuration. */
export const keyring = new Keyring();
