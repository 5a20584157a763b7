// An in-process copy of a whole collection, kept exact across processes by a change marker.
//
// Why (measured, docs/database.md): the embedded engine uses no index but unique ones, so any list
// query scans the collection under its lock — reading 2,000 offers takes ~0.6 s, and every other
// read of that collection waits meanwhile. A worker's case list and a family's matches read all
// records at every request; they read this copy instead (on MongoDB it saves the same reads).
//
// How: every write to the collection (Mongoose middleware, `changeMarker`) appends the id it touched
// to `cache_markers/<collection>` and bumps its sequence number, in one atomic update (the engine's
// single-document updates are atomic: docs/database.md), before and after the write. A reader reads
// that one small document; when the sequence moved, it fetches only the changed records. Unknown ids
// (a write by filter), a database that was replaced (another epoch) or a copy too far behind the
// marker's window reload everything. A record refetched for a mark is fetched again a little later
// (a process may die between its write and its second mark). A write by another path than Mongoose
// must call `markChanged`. Correct with several app processes: nothing here is trusted that another
// process could have changed without a mark.
import { randomUUID } from 'node:crypto';
import mongoose, { Schema, type Model, type Query } from 'mongoose';
import { trusted } from './connection.js';
import { isDuplicateKeyError } from './unique.js';

/** Ids kept in a marker; a copy further behind reloads everything. */
const WINDOW = 200;
/** More changed records than this: one reload is cheaper than reading them one by one. */
const REFETCH_MAX = 100;
/**
 * A record refetched because of a mark is fetched again this long after: a write is marked before
 * it is made and after, and if its process dies in between, the mark before may have been read
 * before the write landed. Past the driver's socket timeout (30 s) no write of it can still land.
 */
const RECHECK_AFTER_MS = [2_000, 35_000];
/** A copy is reloaded whole at least this often, whatever the marker says (a write outside Mongoose). */
const MAX_AGE_MS = 10 * 60_000;

interface Marker {
  _id: string;
  epoch: string;
  /** number of the last change */
  seq: number;
  /** seq of the change before recent[0]: recent[i] is change base + i + 1 */
  base: number;
  /** the id each change touched, null when unknown */
  recent: (string | null)[];
}

const markerSchema = new Schema({ _id: String, epoch: String, seq: Number, base: Number, recent: [{ type: String }] }, { versionKey: false });
const MarkerModel = mongoose.model('CacheMarker', markerSchema, 'cache_markers');

/** Records that these ids of `collection` changed (null: some unknown ones). */
export async function markChanged(collection: string, ids: (string | null)[]): Promise<void> {
  if (ids.length === 0) return;
  const bump = () =>
    MarkerModel.findOneAndUpdate(
      { _id: collection },
      { $inc: { seq: ids.length }, $push: { recent: trusted({ $each: ids }) }, $setOnInsert: { epoch: randomUUID(), base: 0 } },
      { upsert: true, returnDocument: 'after' },
    ).lean<Marker>();
  // Two first writes at once: one creates the marker, the other meets its unique _id and bumps it.
  const after = await bump().catch((error: unknown) => {
    if (isDuplicateKeyError(error)) return bump();
    throw error;
  });
  if (after && after.recent.length > 2 * WINDOW) {
    // Trimmed only if nobody wrote meanwhile (same seq): the window and its base stay consistent.
    await MarkerModel.updateOne({ _id: collection, seq: after.seq }, { $set: { recent: after.recent.slice(-WINDOW), base: after.seq - WINDOW } });
  }
}

function idOfFilter(filter: Record<string, unknown>): string | null {
  const id = filter?._id;
  return typeof id === 'string' || id instanceof mongoose.Types.ObjectId ? String(id) : null;
}

/** Schema plugin: every write through Mongoose marks the record changed for the copies. */
export function changeMarker(collection: string) {
  return (schema: Schema): void => {
    schema.post('save', async function (doc: { _id: unknown }) {
      await markChanged(collection, [String(doc._id)]);
    });
    schema.post('insertMany', async function (docs: unknown) {
      await markChanged(
        collection,
        (docs as { _id: unknown }[]).map((d) => String(d._id)),
      );
    });
    const queries = ['updateOne', 'updateMany', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'replaceOne', 'deleteOne', 'deleteMany'] as const;
    for (const op of queries) {
      // Marked before and after: if the process dies between the write and the second mark, a copy
      // that had not read the first mark yet still refetches the record.
      schema.pre(op, { document: false, query: true }, async function (this: Query<unknown, unknown>) {
        const single = op !== 'updateMany' && op !== 'deleteMany';
        await markChanged(collection, [single ? idOfFilter(this.getFilter()) : null]);
      });
      schema.post(op, { document: false, query: true }, async function (this: Query<unknown, unknown>) {
        const single = op !== 'updateMany' && op !== 'deleteMany';
        await markChanged(collection, [single ? idOfFilter(this.getFilter()) : null]);
      });
    }
  };
}

type Doc = { _id: unknown };

/** A copy of the collection behind `model` (`Stored`: its stored shape), read as `T`. */
export class CollectionCache<T extends Doc, Stored = unknown> {
  private docs = new Map<string, T>();
  /** `docs` as an array, until the next change; and sorted orders of that array. */
  private everything: T[] | null = null;
  private readonly orders = new Map<string, { from: T[]; sorted: T[] }>();
  private readonly filters = new Map<string, { from: T[]; kept: T[] }>();
  private epoch = '';
  private seq = -1;
  private loadedAt = 0;
  /** Ids to fetch again at a given time (RECHECK_AFTER_MS), oldest first. */
  private rechecks: { id: string; at: number }[] = [];
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    private readonly model: Model<Stored>,
    private readonly collection: string,
  ) {}

  /** Every record as it is now (shared objects: read them, never change them). */
  async all(): Promise<T[]> {
    await this.sync();
    this.everything ??= [...this.docs.values()];
    return this.everything;
  }

  /**
   * The records `keep` keeps, filtered once per state of the copy (`name` identifies the filter):
   * the same array comes back until the copy changes, so derived work can be remembered by it.
   */
  async where(name: string, keep: (doc: T) => boolean): Promise<T[]> {
    const docs = await this.all();
    const memo = this.filters.get(name);
    if (memo?.from === docs) return memo.kept;
    const kept = docs.filter(keep);
    this.filters.set(name, { from: docs, kept });
    return kept;
  }

  /**
   * Every record as it is now, in the order of `keys` (see sortedBy), sorted once per state of the
   * copy: a list filters this array and keeps its order, instead of sorting at every request.
   * `name` identifies the order (one memo per name). The array is shared: never change it.
   */
  async allSorted(name: string, keys: [(doc: T) => unknown, 1 | -1][]): Promise<T[]> {
    const docs = await this.all();
    const memo = this.orders.get(name);
    if (memo?.from === docs) return memo.sorted;
    const sorted = sortedBy(docs, keys);
    this.orders.set(name, { from: docs, sorted });
    return sorted;
  }

  /** Brings the copy up to date with every write finished before the call. */
  private sync(): Promise<void> {
    if (!this.running) {
      this.running = this.refresh().finally(() => (this.running = null));
      return this.running;
    }
    // A refresh under way may have read the marker before the caller's own write: wait for the next one.
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.sync();
      });
    return this.queued;
  }

  private async refresh(): Promise<void> {
    const marker = await this.marker();
    const fresh = marker.epoch === this.epoch && Date.now() - this.loadedAt < MAX_AGE_MS;
    if (!fresh) return this.reload(marker);
    const now = Date.now();
    const due = this.rechecks.filter((r) => r.at <= now).map((r) => r.id);
    if (due.length) this.rechecks = this.rechecks.filter((r) => r.at > now);
    if (marker.seq === this.seq) return this.refetch(due);
    const changed = this.seq >= marker.base ? marker.recent.slice(this.seq - marker.base) : null;
    if (changed === null || changed.includes(null)) return this.reload(marker);
    const ids = [...new Set(changed as string[])];
    if (ids.length > REFETCH_MAX) return this.reload(marker);
    await this.refetch([...new Set([...ids, ...due])]);
    for (const delay of RECHECK_AFTER_MS) for (const id of ids) this.rechecks.push({ id, at: now + delay });
    this.seq = marker.seq;
  }

  /** One read by _id each: the embedded engine answers those from its index, while `$in` scans. */
  private async refetch(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const fresh = await Promise.all(ids.map((id) => this.model.findById(id).lean<T>()));
    ids.forEach((id, i) => {
      const doc = fresh[i];
      if (doc) this.docs.set(id, doc);
      else this.docs.delete(id);
    });
    this.everything = null;
  }

  private async reload(marker: Marker): Promise<void> {
    const all = await this.model.find({}).lean<T[]>();
    this.docs = new Map(all.map((d) => [String(d._id), d]));
    this.everything = null;
    this.rechecks = [];
    this.epoch = marker.epoch;
    this.seq = marker.seq;
    this.loadedAt = Date.now();
  }

  private async marker(): Promise<Marker> {
    const found = await MarkerModel.findById(this.collection).lean<Marker>();
    if (found) return found;
    // A new database: its marker starts now, and the copy loads whole.
    await MarkerModel.updateOne({ _id: this.collection }, { $setOnInsert: { epoch: randomUUID(), seq: 0, base: 0, recent: [] } }, { upsert: true }).catch(
      (error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error; // created meanwhile by a writer
      },
    );
    return (await MarkerModel.findById(this.collection).lean<Marker>())!;
  }
}

/** Mongo's order for the values sorted on here: missing and null first, then numbers, then dates. */
function rank(value: unknown): [number, number] {
  if (value === null || value === undefined) return [0, 0];
  if (typeof value === 'number') return [1, value];
  if (value instanceof Date) return [2, value.getTime()];
  return [3, 0];
}

/** Sorts records of a copy as the database would with `.sort({...})` (ties: by id). Returns a new array. */
export function sortedBy<T extends Doc>(docs: T[], keys: [(doc: T) => unknown, 1 | -1][]): T[] {
  // Each record's sort keys are computed once (a sort compares each record ~2 log n times).
  const decorated = docs.map((doc) => ({ doc, id: String(doc._id), ranks: keys.map(([get]) => rank(get(doc))) }));
  decorated.sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const [ra, va] = a.ranks[k]!;
      const [rb, vb] = b.ranks[k]!;
      const order = ra - rb || va - vb;
      if (order !== 0) return order * keys[k]![1];
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return decorated.map((d) => d.doc);
}
