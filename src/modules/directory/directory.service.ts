// The directory's storage and rules: anyone signed in reads it; only a coordinator creates, changes
// or retires an entry. Every change is one conditional update on `version` (docs/database.md §5):
// two coordinators editing the same entry from the same version, one wins and the other gets a 409
// "changed meanwhile" with their input kept by the page — nothing is silently overwritten.
import { audit } from '../../kernel/audit/audit.service.js';
import { trusted } from '../../kernel/db/connection.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../kernel/errors.js';
import type { Actor } from '../intake/index.js';
import { DirectoryEntryModel, type DirectoryEntry } from './directory.model.js';
import type { EntryChange, EntryInput } from './directory.schemas.js';

const isObjectId = (id: string) => /^[0-9a-f]{24}$/i.test(id);
const changedMeanwhile = () =>
  new ConflictError('directory.errors.changedMeanwhile', [{ path: '/version', messageKey: 'directory.errors.changedMeanwhile' }], 'EDIT_CONFLICT');

function assertCoordinator(actor: Actor): void {
  if (actor.role !== 'coordinator') throw new ForbiddenError();
}

/** Languages left empty are stored as null (the reader then gets the French, marked). */
function stored(input: Partial<EntryInput>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (input.kind !== undefined) out.kind = input.kind;
  if (input.commune !== undefined) out.commune = input.commune;
  if (input.names) out.names = { fr: input.names.fr, nl: input.names.nl ?? null, en: input.names.en ?? null };
  if (input.contact) out.contact = input.contact;
  return out;
}

export interface DirectoryQuery {
  /** Entries of this commune and the region-wide ones; absent: every entry. */
  commune?: string;
  kind?: string;
  includeRetired?: boolean;
}

export class DirectoryService {
  async list(query: DirectoryQuery = {}): Promise<DirectoryEntry[]> {
    const filter: Record<string, unknown> = {};
    if (query.commune) filter.commune = trusted({ $in: [query.commune, null] });
    if (query.kind) filter.kind = query.kind;
    if (!query.includeRetired) filter.retiredAt = null;
    const docs = await DirectoryEntryModel.find(filter).lean<DirectoryEntry[]>();
    // Region-wide helplines first (what to call in an emergency), then by kind and name.
    return docs.sort(
      (a, b) => Number(a.commune !== null) - Number(b.commune !== null) || a.kind.localeCompare(b.kind) || a.names.fr.name.localeCompare(b.names.fr.name, 'fr'),
    );
  }

  async get(id: string): Promise<DirectoryEntry> {
    const doc = isObjectId(id) ? await DirectoryEntryModel.findById(id).lean<DirectoryEntry>() : null;
    if (!doc) throw new NotFoundError();
    return doc;
  }

  /** Whether an entry exists and is not retired (an introduction names one). */
  async isCurrent(id: string): Promise<boolean> {
    return isObjectId(id) && (await DirectoryEntryModel.exists({ _id: id, retiredAt: null })) !== null;
  }

  async create(actor: Actor, input: EntryInput): Promise<DirectoryEntry> {
    assertCoordinator(actor);
    const created = await DirectoryEntryModel.create({ ...stored(input), version: 0, createdBy: actor.id, updatedBy: actor.id });
    await audit({
      actorId: actor.id,
      actorRole: actor.role,
      action: 'directory.created',
      targetType: 'directory',
      targetId: String(created._id),
      fields: ['/names', '/contact'],
    });
    return this.get(String(created._id));
  }

  /**
   * A change computed from `basedOn` (the version the coordinator was looking at; the current one
   * when the caller gives none). A retired entry can no longer be changed.
   */
  async change(actor: Actor, id: string, input: EntryChange, basedOn?: number): Promise<DirectoryEntry> {
    assertCoordinator(actor);
    const current = await this.get(id);
    const version = basedOn ?? current.version;
    const { retired, ...fields } = input;
    if (retired === false) throw new ValidationError([{ path: '/retired', messageKey: 'directory.errors.cannotUnretire' }]);
    const set = stored(fields);
    if (retired) set.retiredAt = new Date();
    set.updatedBy = actor.id;
    const result = await DirectoryEntryModel.updateOne({ _id: id, version, retiredAt: null }, { $set: set, $inc: { version: 1 } });
    if (result.matchedCount === 0) {
      const now = await this.get(id);
      if (now.retiredAt) throw new ConflictError('directory.errors.retired', [], 'ENTRY_RETIRED');
      throw changedMeanwhile();
    }
    await audit({
      actorId: actor.id,
      actorRole: actor.role,
      action: retired ? 'directory.retired' : 'directory.changed',
      targetType: 'directory',
      targetId: id,
      fields: Object.keys(set).map((k) => `/${k}`),
    });
    return this.get(id);
  }

  /** 409 when the entry moved on since `basedOn` (a confirmation page, nothing written). */
  async assertCurrent(id: string, basedOn: number | undefined): Promise<DirectoryEntry> {
    const doc = await this.get(id);
    if (doc.retiredAt) throw new ConflictError('directory.errors.retired', [], 'ENTRY_RETIRED');
    if (basedOn !== undefined && basedOn !== doc.version) throw changedMeanwhile();
    return doc;
  }
}
