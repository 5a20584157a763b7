// Storage of intake's versioned records (families, offers): the only code of intake that knows
// their model and queries. Reads come opened (sealed fields decrypted); lists and matching read an
// in-process copy kept exact across processes (kernel/db/collection-cache.ts), remembered opened per
// stored record; every change goes through the version rule (record-history.ts).
import type { Model } from 'mongoose';
import { CollectionCache } from '../../kernel/db/collection-cache.js';
import { open, openedCopies, type SealedPaths } from '../../kernel/crypto/sealed-fields.js';
import { applyChange, conflict, type ChangeRequest, type RecordKind } from './record-history.js';
import { isObjectId } from '../../kernel/db/object-id.js';
import type { NewDocument } from '../../kernel/db/plain.js';
import { ConflictError } from '../../kernel/errors.js';
import { audit } from '../../kernel/audit/audit.service.js';
import { isStaff, type Actor } from './actor.js';

type Stored = { _id: unknown; version: number; status: string; events: { reason?: string | null }[] };
type SortKeys<T> = [(doc: T) => unknown, 1 | -1][];

/** One page of a filtered list: 50 records unless asked, 1 to 200, from `offset`; with how many there are in all. */
export function pageOf<T>(found: T[], filters: { limit?: number; offset?: number }): { items: T[]; total: number } {
  const limit = Math.min(Math.max(filters.limit ?? 50, 1), 200);
  const offset = filters.offset ?? 0;
  return { items: found.slice(offset, offset + limit), total: found.length };
}

/** The records of `model` (`Raw`: their stored shape, sealed fields as strings), read opened as `T`. */
export class RecordStore<T extends Stored, Raw> {
  private readonly copy: CollectionCache<T, Raw>;
  private readonly openAll: (docs: T[]) => Promise<T[]>;

  constructor(
    private readonly model: Model<Raw>,
    private readonly kind: RecordKind,
    collection: string,
    private readonly subjectOf: (id: string) => string,
    private readonly sealedPaths: SealedPaths,
  ) {
    this.copy = new CollectionCache<T, Raw>(model, collection);
    this.openAll = openedCopies<T>((d) => subjectOf(String(d._id)), sealedPaths);
  }

  /** One record, read from the database (not the copy), opened; null when there is none. */
  async find(id: string): Promise<T | null> {
    if (!isObjectId(id)) return null;
    const doc = await this.model.findById(id).lean<T>();
    return doc ? open(this.subjectOf(id), doc, this.sealedPaths) : null;
  }

  /** Every record, as of the last write (shared objects: read them, never change them). */
  async all(): Promise<T[]> {
    return this.openAll(await this.copy.all());
  }

  /** Every record in this order, sorted once per state of the copy (`name` names the order). */
  async sorted(name: string, keys: SortKeys<T>): Promise<T[]> {
    return this.openAll(await this.copy.allSorted(name, keys));
  }

  /** The records `keep` keeps, the same array while nothing changed (`name` names the filter). */
  async where(name: string, keep: (doc: T) => boolean): Promise<T[]> {
    return this.openAll(await this.copy.where(name, keep));
  }

  /** Whether a record matches this filter (built by the caller with trusted() for operators). */
  async exists(filter: Record<string, unknown>): Promise<boolean> {
    return (await this.model.exists(filter)) !== null;
  }

  /** Ids of the records matching a filter (retention; built with trusted()), at most 1,000. */
  async idsWhere(filter: Record<string, unknown>): Promise<string[]> {
    return (await this.model.find(filter).select('_id').limit(1000).lean<{ _id: unknown }[]>()).map((d) => String(d._id));
  }

  /** Inserts a new record (already sealed); returns its id. */
  async insert(doc: NewDocument<Raw>): Promise<string> {
    const created = await this.model.create(doc);
    return String(created._id);
  }

  /** One change under the version rule (record-history.ts); returns the new version. */
  change(request: Omit<ChangeRequest, 'kind'>): Promise<number> {
    return applyChange(this.model, { ...request, kind: this.kind });
  }

  /** The 409 a change computed from `expectedVersion` would get now, nothing written (a confirmation step). */
  async assertCurrent(id: string, expectedVersion: number | undefined, currentVersion: number): Promise<void> {
    if (expectedVersion !== undefined && expectedVersion !== currentVersion)
      throw (await conflict(this.kind, id, expectedVersion)) ?? new ConflictError('intake.conflict.message', [], 'EDIT_CONFLICT');
  }

  /**
   * A list as the JSON API gives it to staff (whole applications): audited once per request with
   * every record returned, each counting as opened for the unusual-access alert (SPEC §8).
   */
  async auditListRead(actor: Actor, items: T[]): Promise<void> {
    if (isStaff(actor) && items.length)
      await audit({
        actorId: actor.id,
        actorRole: actor.role,
        action: `${this.kind}.list`,
        targetType: this.kind,
        targetIds: items.map((d) => String(d._id)),
        fields: ['application'],
      });
  }

  /** Erasure: the free-text reasons of the history go; who, when and which status stay. */
  async scrubEventReasons(id: string): Promise<void> {
    const doc = await this.model.findById(id).select('events').lean<Pick<Stored, 'events'>>();
    if (!doc) return;
    await this.model.updateOne({ _id: id }, { $set: { events: doc.events.map((e) => ({ ...e, reason: null })), statusReason: 'erased' } });
  }
}
