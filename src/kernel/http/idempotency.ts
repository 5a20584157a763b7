// Idempotency keys on unsafe /api/v1 requests (header `Idempotency-Key`, as in the IETF draft).
// The first request with a key claims it by a unique-key insert, runs, and its status and JSON body
// are recorded before they are sent; a replay gets the recorded response with
// `Idempotent-Replayed: true`. Same key while the first still runs → 409; same key, other body → 422.
//
// A response ≥ 500 (or 429) releases the key so the client can retry, unless the request had
// already sent a write to the database: then nobody knows whether it happened, a retry could do it
// twice, so the key is kept and answers 409 IDEMPOTENCY_OUTCOME_UNKNOWN (the client checks by reading).
// When the database is away, the release or the record is retried in the background until it is back.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import mongoose from 'mongoose';
import { openBytes, sealBytes } from '../crypto/envelope.js';
import { keyring } from '../crypto/keyring.js';
import { trusted } from '../db/connection.js';
import { insertOnce } from '../db/unique.js';
import { AppError } from '../errors.js';
import { IDEMPOTENCY_TTL_SECONDS, IdempotencyModel, type IdempotencyRecord } from './idempotency.model.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A claim still pending after this long belongs to a request that died: its outcome is unknown. */
const ABANDONED_AFTER_MS = 120_000;
const REPLAYED_HEADERS = ['etag', 'location'];
/** Collections whose writes are bookkeeping, not the request's effect. */
const BOOKKEEPING = new Set(['idempotency_keys', 'sessions']);

interface RequestWrites {
  count: number;
}
const writesOfRequest = new AsyncLocalStorage<RequestWrites>();

const watchedClients = new WeakSet();
/** Counts the write commands each request sends (driver command monitoring, on in connection.ts). */
function watchWrites(): void {
  const client = mongoose.connection.getClient();
  if (!client || watchedClients.has(client)) return;
  watchedClients.add(client);
  client.on('commandStarted', (event) => {
    const store = writesOfRequest.getStore();
    if (!store) return;
    if (!['insert', 'update', 'delete', 'findAndModify'].includes(event.commandName)) return;
    const collection = (event.command as Record<string, unknown>)[event.commandName];
    if (typeof collection === 'string' && BOOKKEEPING.has(collection)) return;
    store.count += 1;
  });
}

/** Operations on the key store that must happen even if the database is away for a while. */
const retryQueue: (() => Promise<unknown>)[] = [];
let retryTimer: NodeJS.Timeout | null = null;
function eventually(operation: () => Promise<unknown>): void {
  retryQueue.push(operation);
  retryTimer ??= setInterval(() => void drainRetries(), 1_000).unref();
}
let draining = false;
async function drainRetries(): Promise<void> {
  // One drain at a time: an operation can take longer than the tick while the database is away,
  // and two drains would each shift the queue after the same operation, dropping the next one.
  if (draining) return;
  draining = true;
  try {
    while (retryQueue.length > 0) {
      try {
        await retryQueue[0]!();
        retryQueue.shift();
      } catch {
        return; // still away: next tick
      }
    }
    if (retryTimer) clearInterval(retryTimer);
    retryTimer = null;
  } finally {
    draining = false;
  }
}
async function now(operation: () => Promise<unknown>): Promise<void> {
  try {
    await operation();
  } catch {
    eventually(operation);
  }
}

/** JSON with sorted keys, so the same body hashes the same whatever the order of its fields. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// A recorded answer may carry sensitive fields (a created case as its author sees it): it is kept
// sealed, bound to its key, like every sensitive value at rest.
const RESPONSES = 'idempotency responses';
const sealBody = (id: string, body: string) => sealBytes(keyring.serviceKey(RESPONSES), Buffer.from(body, 'utf8'), `idempotency|${id}`);
const openBody = (id: string, sealed: string) => openBytes(keyring.serviceKey(RESPONSES), sealed, `idempotency|${id}`).toString('utf8');

function replay(res: Response, record: IdempotencyRecord): void {
  res.status(record.status ?? 200).setHeader('Idempotent-Replayed', 'true');
  for (const [name, value] of Object.entries(record.headers ?? {})) res.setHeader(name, value);
  if (record.body === null) res.end();
  else res.type('application/json').send(openBody(record._id, record.body));
}

/** Removes keys past their 24 hours (scheduled hourly in app.ts). */
export async function removeExpiredIdempotencyKeys(at = new Date()): Promise<number> {
  const result = await IdempotencyModel.deleteMany({ createdAt: trusted({ $lt: new Date(at.getTime() - IDEMPOTENCY_TTL_SECONDS * 1000) }) });
  return result.deletedCount ?? 0;
}

/** Mount once, after the session, body parsers and CSRF check: app.use('/api/v1', idempotency()). */
export function idempotency(): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const key = req.get(IDEMPOTENCY_HEADER);
    if (key === undefined) {
      next();
      return;
    }
    if (!KEY_PATTERN.test(key)) {
      next(
        new AppError(400, 'MALFORMED_REQUEST', 'idempotency.invalidKey', [{ path: `/headers/${IDEMPOTENCY_HEADER}`, messageKey: 'idempotency.invalidKey' }]),
      );
      return;
    }
    const scope = req.user ? `user:${req.user.id}` : `session:${req.sessionID}`;
    const id = sha256([scope, req.method, req.originalUrl, key].join('\0'));
    const requestHash = sha256(canonical(req.body ?? null));

    try {
      for (let attempt = 0; ; attempt++) {
        const createdAt = new Date();
        if (await insertOnce(IdempotencyModel, { _id: id, requestHash, state: 'pending', createdAt })) break;
        const existing = await IdempotencyModel.findById(id).lean<IdempotencyRecord>();
        const expired = existing && existing.createdAt.getTime() < createdAt.getTime() - IDEMPOTENCY_TTL_SECONDS * 1000;
        if (expired) await IdempotencyModel.deleteOne({ _id: id, createdAt: existing.createdAt });
        if (!existing || expired) {
          if (attempt < 3) continue; // released or expired meanwhile: claim again
          next(new AppError(409, 'IDEMPOTENCY_IN_PROGRESS', 'idempotency.inProgress'));
          return;
        }
        if (existing.requestHash !== requestHash) {
          next(new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'idempotency.keyReused'));
          return;
        }
        if (existing.state === 'done') {
          replay(res, existing);
          return;
        }
        const abandoned = existing.state === 'unknown' || existing.createdAt.getTime() < Date.now() - ABANDONED_AFTER_MS;
        next(new AppError(409, abandoned ? 'IDEMPOTENCY_OUTCOME_UNKNOWN' : 'IDEMPOTENCY_IN_PROGRESS', 'idempotency.inProgress'));
        return;
      }
    } catch (error) {
      next(error);
      return;
    }

    watchWrites();
    const writes: RequestWrites = { count: 0 };
    let settled = false;
    const settle = async (status: number, body: string | null): Promise<void> => {
      if (settled) return;
      settled = true;
      if (status >= 500 || status === 429) {
        // Never awaited: the error answer must not wait for a database that is away.
        if (status >= 500 && writes.count > 0) void now(() => IdempotencyModel.updateOne({ _id: id, state: 'pending' }, { $set: { state: 'unknown' } }));
        else void now(() => IdempotencyModel.deleteOne({ _id: id, state: 'pending' }));
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = res.getHeader(name);
        if (typeof value === 'string') headers[name] = value;
      }
      // Recorded before the answer is sent: an acknowledged request always replays.
      await now(() => IdempotencyModel.updateOne({ _id: id }, { $set: { state: 'done', status, body: body === null ? null : sealBody(id, body), headers } }));
    };

    const sendJson = res.json.bind(res);
    res.json = ((payload: unknown) => {
      const status = res.statusCode;
      void settle(status, JSON.stringify(payload) ?? null).finally(() => sendJson(payload));
      return res;
    }) as Response['json'];
    // Answers without a JSON body (204, redirects) are recorded once sent.
    res.once('finish', () => void settle(res.statusCode, null));
    writesOfRequest.run(writes, () => next());
  };
}
