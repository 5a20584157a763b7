// Rewrites what the database engine keeps on disk, so that a value the app has overwritten or
// deleted (an erased person's name, e-mail, casework) is no longer anywhere in its files. On the
// embedded engine this is its own command `{cohabitationCompact: 1}` (tools/mongo-java-server,
// StoreScrubber): every old version of every document is dropped, the chunks that held them are
// rewritten, moved and the file truncated, and the free space left inside the file is overwritten
// with zeros. Every other command waits while it runs (about 0.1–0.5 s on the demo data).
// On MongoDB there is no such command: WiredTiger's own files and journal are out of the app's reach
// (docs/database.md §6), and the outcome says so instead of failing the erasure.
import mongoose from 'mongoose';

export type CompactionOutcome =
  { state: 'scrubbed'; bytesBefore: number; bytesAfter: number; millis: number } | { state: 'not-supported' } | { state: 'failed'; error: string };

async function run(): Promise<CompactionOutcome> {
  const db = mongoose.connection.db;
  if (!db) return { state: 'failed', error: 'not connected' };
  try {
    const reply = await db.admin().command({ cohabitationCompact: 1 });
    return { state: 'scrubbed', bytesBefore: Number(reply.bytesBefore), bytesAfter: Number(reply.bytesAfter), millis: Number(reply.millis) };
  } catch (error) {
    const e = error as { code?: number; codeName?: string; message?: string };
    // MongoDB (and an engine built before this command): CommandNotFound.
    if (e.code === 59 || e.codeName === 'CommandNotFound' || /no such (cmd|command)/i.test(e.message ?? '')) return { state: 'not-supported' };
    return { state: 'failed', error: e.message ?? String(error) };
  }
}

let current: Promise<CompactionOutcome> | null = null;
let next: Promise<CompactionOutcome> | null = null;

/**
 * Scrubs the engine's files; resolves once a scrub that started after this call has finished (a
 * scrub already under way may predate the caller's writes). Callers arriving during one scrub share
 * the next one, so simultaneous erasures cost two scrubs, not one each. Never rejects: the outcome
 * says what happened.
 */
export function compactStorage(): Promise<CompactionOutcome> {
  if (!current) {
    current = run().finally(() => (current = null));
    return current;
  }
  next ??= current.then(() => {
    next = null;
    return compactStorage();
  });
  return next;
}
