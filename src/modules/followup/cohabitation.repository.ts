// Storage of cohabitations: the only code that knows their stored shape and queries. Every change is
// one atomic update of distinct paths (docs/database.md): child records are appended or set per item,
// never rewritten whole, and each status step is a conditional update that happens once, so two
// people acting at once never lose each other's change. Confidential parts are sealed by the caller
// (cohabitation.sealed.ts) and opened here on every read.
import { trusted } from '../../kernel/db/connection.js';
import { insertOnce, isDuplicateKeyError } from '../../kernel/db/unique.js';
import { openCohabitation, openCohabitations } from './cohabitation.sealed.js';
import { CohabitationModel, FollowupClaimModel, type CohabitationRecord } from './cohabitation.model.js';
import { isObjectId } from '../../kernel/db/object-id.js';

type Status = CohabitationRecord['status'];
type Party = 'family' | 'host';
type Stamp = { at: Date; by: string };
type Event = { type: string; reason?: string | null } & Stamp;
type Child = 'checkins' | 'incidents' | 'mediations';

const inStatuses = (statuses: Status[]) => trusted({ $in: statuses });

export class CohabitationRepository {
  async find(id: string): Promise<CohabitationRecord | null> {
    if (!isObjectId(id)) return null;
    const doc = await CohabitationModel.findById(id).lean<CohabitationRecord>();
    return doc ? openCohabitation(doc) : null;
  }

  /** Inserts a new cohabitation; null when its proposal already has one (unique key). */
  async insert(
    doc: Omit<CohabitationRecord, '_id' | 'status' | 'signatures' | 'checkins' | 'incidents' | 'mediations' | 'ending' | 'createdAt' | 'updatedAt'>,
  ): Promise<string | null> {
    try {
      const created = await CohabitationModel.create(doc);
      return String(created._id);
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
  }

  /** Appends one child record (already sealed): simultaneous appends all stay. */
  async append(id: string, list: Child, item: object): Promise<void> {
    await CohabitationModel.updateOne({ _id: id }, { $push: { [list]: item } });
  }

  /** The same, only while the cohabitation has not ended (one conditional update); false once it has. */
  async appendWhileOpen(id: string, list: Child, item: object): Promise<boolean> {
    const result = await CohabitationModel.updateOne({ _id: id, status: trusted({ $ne: 'ended' as const }) }, { $push: { [list]: item } });
    return result.matchedCount === 1;
  }

  /**
   * Appends a check-in once by its id, only while the cohabitation has not ended (one conditional
   * update): of two posts of the same check-in at the same instant, one is written (false for the other).
   */
  async appendCheckinOnce(id: string, checkinId: string, item: object): Promise<boolean> {
    const result = await CohabitationModel.updateOne(
      { _id: id, status: trusted({ $ne: 'ended' as const }), 'checkins.id': trusted({ $ne: checkinId }) },
      { $push: { checkins: item } },
    );
    return result.matchedCount === 1;
  }

  /** Appends an incident once by its id (the form's own id): of two posts of the same form, one is written (false for the other). */
  async appendIncidentOnce(id: string, incidentId: string, item: object): Promise<boolean> {
    const result = await CohabitationModel.updateOne({ _id: id, 'incidents.id': trusted({ $ne: incidentId }) }, { $push: { incidents: item } });
    return result.matchedCount === 1;
  }

  /** Appends a checklist item only while none of its code is there (checklist-backfill.ts); false when one is. */
  async appendChecklistItem(id: string, item: { code: string; concerns: string; dueOn: string }): Promise<boolean> {
    const result = await CohabitationModel.updateOne({ _id: id, 'checklist.code': trusted({ $ne: item.code }) }, { $push: { checklist: item } });
    return result.matchedCount === 1;
  }

  /** The check-in's family part is written: its mark cleared (named by its place and its id). */
  async settleCheckin(id: string, at: { index: number; id: string }): Promise<void> {
    await CohabitationModel.updateOne({ _id: id, [`checkins.${at.index}.id`]: at.id }, { $set: { [`checkins.${at.index}.familyPending`]: false } });
  }

  /** Cohabitations with a check-in whose family part is not written yet (a crash in between). */
  async withPendingCheckins(): Promise<CohabitationRecord[]> {
    const docs = await CohabitationModel.find({ 'checkins.familyPending': true }).lean<CohabitationRecord[]>();
    return openCohabitations(docs);
  }

  /** The staff's alert of a check-in or an incident is sent: its mark cleared (named by its place and its id). */
  async settleAlert(id: string, list: 'checkins' | 'incidents', at: { index: number; id: string }): Promise<void> {
    await CohabitationModel.updateOne({ _id: id, [`${list}.${at.index}.id`]: at.id }, { $set: { [`${list}.${at.index}.alertPending`]: false } });
  }

  /** Cohabitations with a check-in or an incident whose staff alert is not sent yet (a crash or an error in between). */
  async withPendingAlerts(): Promise<CohabitationRecord[]> {
    const [checkins, incidents] = await Promise.all([
      CohabitationModel.find({ 'checkins.alertPending': true }).lean<CohabitationRecord[]>(),
      CohabitationModel.find({ 'incidents.alertPending': true }).lean<CohabitationRecord[]>(),
    ]);
    const byId = new Map([...checkins, ...incidents].map((d) => [String(d._id), d]));
    return openCohabitations([...byId.values()]);
  }

  /**
   * Sets one checklist item only, a compare-and-set on the tick it was read with (`seen`: its
   * `doneAt`, null when not ticked): ticks of other items at the same instant all stay, and of two
   * ticks of one item read in the same state only the first is written (false for the other). The
   * day, the instant and who ticked are written together. The item is named by its place (the list
   * is written once, at the start, and never reordered) and its code: the embedded engine's
   * positional `$` does not follow an `$elemMatch`.
   */
  async setChecklistItem(
    id: string,
    at: { index: number; code: string },
    seen: Date | null,
    done: (Stamp & { on: string }) | null,
    event: Event,
  ): Promise<boolean> {
    const item = `checklist.${at.index}`;
    const result = await CohabitationModel.updateOne(
      { _id: id, [`${item}.code`]: at.code, [`${item}.doneAt`]: seen },
      { $set: { [`${item}.doneAt`]: done?.at ?? null, [`${item}.doneBy`]: done?.by ?? null, [`${item}.doneOn`]: done?.on ?? null }, $push: { events: event } },
    );
    return result.modifiedCount === 1;
  }

  /** One party's signature, once, while in agreement; false when already signed or past the agreement. */
  async sign(id: string, party: Party, stamp: Stamp): Promise<boolean> {
    const result = await CohabitationModel.updateOne(
      { _id: id, status: 'agreement', [`signatures.${party}`]: null },
      { $set: { [`signatures.${party}`]: stamp }, $push: { events: { type: `signed.${party}`, ...stamp } } },
    );
    return result.matchedCount === 1;
  }

  /** Agreement → trial once both signed; false when not (yet) or already done. */
  async startTrialIfSigned(id: string, stamp: Stamp): Promise<boolean> {
    const result = await CohabitationModel.updateOne(
      { _id: id, status: 'agreement', 'signatures.family': trusted({ $ne: null }), 'signatures.host': trusted({ $ne: null }) },
      { $set: { status: 'trial' }, $push: { events: { type: 'trial', ...stamp } } },
    );
    return result.modifiedCount === 1;
  }

  /** Trial → active, once. */
  async activate(id: string, stamp: Stamp): Promise<boolean> {
    const result = await CohabitationModel.updateOne(
      { _id: id, status: 'trial' },
      { $set: { status: 'active' }, $push: { events: { type: 'active', ...stamp } } },
    );
    return result.modifiedCount === 1;
  }

  /** The ending (already sealed), once; false when it had ended already. */
  async end(id: string, ending: object, reason: string, stamp: Stamp): Promise<boolean> {
    const result = await CohabitationModel.updateOne(
      { _id: id, status: trusted({ $ne: 'ended' as const }) },
      { $set: { status: 'ended', ending }, $push: { events: { type: 'ended', reason, ...stamp } } },
    );
    return result.matchedCount === 1;
  }

  /** The notice (already sealed), once, while in trial or active; false when given already or ended. */
  async giveNotice(id: string, notice: object, stamp: Stamp): Promise<boolean> {
    const result = await CohabitationModel.updateOne(
      { _id: id, status: inStatuses(['trial', 'active']), notice: null },
      { $set: { notice }, $push: { events: { type: 'notice', ...stamp } } },
    );
    return result.matchedCount === 1;
  }

  /** The contact after the exit (already sealed), once, on an ended cohabitation; false otherwise. */
  async recordExitContact(id: string, contact: object, stamp: Stamp): Promise<boolean> {
    const result = await CohabitationModel.updateOne(
      { _id: id, status: 'ended', exitContact: null },
      { $set: { exitContact: contact }, $push: { events: { type: 'exit-contact', ...stamp } } },
    );
    return result.matchedCount === 1;
  }

  /** Erasure: replaces the confidential parts by what may stay (the caller computed it). */
  async scrub(id: string, kept: Pick<CohabitationRecord, 'checkins' | 'incidents' | 'mediations' | 'ending' | 'events'>): Promise<void> {
    await CohabitationModel.updateOne({ _id: id }, { $set: kept });
  }

  async inStatuses(statuses: Status[]): Promise<CohabitationRecord[]> {
    return openCohabitations(await CohabitationModel.find({ status: inStatuses(statuses) }).lean<CohabitationRecord[]>());
  }

  /** Ended cohabitations changed since `since` (an ending a crash may have left half-done). */
  async endedSince(since: Date): Promise<CohabitationRecord[]> {
    return openCohabitations(await CohabitationModel.find({ status: 'ended', updatedAt: trusted({ $gte: since }) }).lean<CohabitationRecord[]>());
  }

  async trialsEndingBy(day: string): Promise<CohabitationRecord[]> {
    return CohabitationModel.find({ status: 'trial', trialEndsOn: trusted({ $lte: day }) }).lean<CohabitationRecord[]>();
  }

  async recent(limit: number): Promise<CohabitationRecord[]> {
    return openCohabitations(await CohabitationModel.find().sort({ createdAt: -1 }).limit(limit).lean<CohabitationRecord[]>());
  }

  async all(): Promise<CohabitationRecord[]> {
    return openCohabitations(await CohabitationModel.find().lean<CohabitationRecord[]>());
  }

  /** Those of these families (or offers), newest first. */
  async of(side: 'familyId' | 'offerId', ids: string[]): Promise<CohabitationRecord[]> {
    if (ids.length === 0) return [];
    return openCohabitations(
      await CohabitationModel.find({ [side]: trusted({ $in: ids }) })
        .sort({ createdAt: -1 })
        .lean<CohabitationRecord[]>(),
    );
  }

  async countOpen(side: 'familyId' | 'offerId', ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return CohabitationModel.countDocuments({ [side]: trusted({ $in: ids }), status: trusted({ $ne: 'ended' as const }) });
  }

  /** A once-only claim for scheduled work (a reminder sent for one date); false when already taken. */
  claimOnce(key: string): Promise<boolean> {
    return insertOnce(FollowupClaimModel, { _id: key, at: new Date() });
  }

  async claimed(key: string): Promise<boolean> {
    return (await FollowupClaimModel.exists({ _id: key })) !== null;
  }

  /**
   * A job done once that a crash cannot lose: one runner at a time takes it (a unique key, or a
   * lease that ran out), marks it done after. A runner that died mid-way leaves its lease to run
   * out, and the next sweep takes the job again (at least once after a crash, exactly once else).
   */
  async takeJob(key: string, leaseSeconds = 60, now = new Date()): Promise<boolean> {
    if (await insertOnce(FollowupClaimModel, { _id: key, at: now, doneAt: null })) return true;
    const stale = new Date(now.getTime() - leaseSeconds * 1000);
    const result = await FollowupClaimModel.updateOne({ _id: key, doneAt: null, at: trusted({ $lt: stale }) }, { $set: { at: now } });
    return result.modifiedCount === 1;
  }

  async finishJob(key: string): Promise<void> {
    await FollowupClaimModel.updateOne({ _id: key }, { $set: { doneAt: new Date() } });
  }

  async jobDone(key: string): Promise<boolean> {
    return (await FollowupClaimModel.exists({ _id: key, doneAt: trusted({ $ne: null }) })) !== null;
  }
}
