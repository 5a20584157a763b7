// Storage of the ledgers: the only code that knows their stored shape. Entries are appended and
// decided one by one, each in one conditional update (docs/database.md §5): a service's minutes go
// on the week's counter in the same update that appends it, only while the week stays within the
// limit, so of two entries that together pass it exactly one is kept; a decision is a
// compare-and-set on the entry's status, so of two answers at the same instant one wins.
import { trusted } from '../../kernel/db/connection.js';
import { isDuplicateKeyError } from '../../kernel/db/unique.js';
import { LedgerModel, type Decision, type EntryStatus, type LedgerEntry, type LedgerRecord } from './ledger.model.js';

export class LedgerRepository {
  async find(cohabitationId: string): Promise<LedgerRecord | null> {
    return LedgerModel.findById(cohabitationId).lean<LedgerRecord>();
  }

  /** Creates the empty ledger once (idempotent: a crash after it leaves an empty ledger, which is a valid one). */
  async ensure(cohabitationId: string, familyId: string): Promise<void> {
    if (await LedgerModel.exists({ _id: cohabitationId })) return;
    try {
      await LedgerModel.create({ _id: cohabitationId, familyId, entries: [], weeks: {} });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** Appends a service while its week's minutes stay at most `maxMinutes`; false when they would not. */
  async appendService(cohabitationId: string, entry: LedgerEntry, maxMinutes: number): Promise<boolean> {
    const week = `weeks.${entry.week}`;
    // `$not $gt` also matches a week with no minutes yet (no counter).
    const result = await LedgerModel.updateOne(
      { _id: cohabitationId, [week]: trusted({ $not: { $gt: maxMinutes - entry.minutes! } }) },
      { $push: { entries: entry }, $inc: { [week]: entry.minutes! } },
    );
    return result.modifiedCount === 1;
  }

  async appendCost(cohabitationId: string, entry: LedgerEntry): Promise<void> {
    await LedgerModel.updateOne({ _id: cohabitationId }, { $push: { entries: entry } });
  }

  /**
   * Moves one entry from `from` to `to` with the answer, once. The entry is named by its place and
   * its id (entries are only appended, never reordered: the engine's positional `$` does not follow
   * an `$elemMatch`). `freeWeek`: a withdrawn service gives its minutes back to its week, in the same update.
   */
  async decide(
    cohabitationId: string,
    at: { index: number; id: string },
    from: EntryStatus,
    to: EntryStatus,
    field: 'decision' | 'settlement',
    answer: Decision,
    freeWeek?: { week: string; minutes: number },
  ): Promise<boolean> {
    const item = `entries.${at.index}`;
    const update: Record<string, unknown> = { $set: { [`${item}.status`]: to, [`${item}.${field}`]: answer } };
    if (freeWeek) update.$inc = { [`weeks.${freeWeek.week}`]: -freeWeek.minutes };
    const result = await LedgerModel.updateOne({ _id: cohabitationId, [`${item}.id`]: at.id, [`${item}.status`]: from }, update);
    return result.modifiedCount === 1;
  }

  /**
   * Erasure: the free text of every entry goes (a cost's label, the reasons of answers and
   * settlements); kinds, dates, hours, amounts and statuses stay for the balances and the statistics.
   * Entries are named by their place (only ever appended): one update; running it again changes nothing.
   * Returns how many entries had text.
   */
  async scrubFreeText(cohabitationId: string): Promise<number> {
    const doc = await this.find(cohabitationId);
    if (!doc) return 0;
    const set: Record<string, null> = {};
    let scrubbed = 0;
    doc.entries.forEach((e, i) => {
      const before = Object.keys(set).length;
      if (e.label != null) set[`entries.${i}.label`] = null;
      if (e.decision?.reason != null) set[`entries.${i}.decision.reason`] = null;
      if (e.settlement?.reason != null) set[`entries.${i}.settlement.reason`] = null;
      if (Object.keys(set).length > before) scrubbed++;
    });
    if (scrubbed) await LedgerModel.updateOne({ _id: cohabitationId }, { $set: set });
    return scrubbed;
  }

  async all(): Promise<LedgerRecord[]> {
    return LedgerModel.find().lean<LedgerRecord[]>();
  }
}
