// Storage of proposals and of the locks that keep one family and one offer in one proposal at a
// time: the only code that knows their stored shape and queries. Answers and settling are
// conditional updates that happen once (two parties answering at once both count; one settling
// wins); a lock is a unique key, dropped only by the proposal holding it (docs/database.md).
// Free text (message, reasons) is sealed on the way in and opened on the way out (proposal.sealed.ts).
import { trusted } from '../../kernel/db/connection.js';
import { insertOnce } from '../../kernel/db/unique.js';
import { ProposalLockModel, ProposalModel, type Party, type ProposalRecord, type ProposalStatus } from './proposal.model.js';
import { openProposal, openProposals, sealProposalPart } from './proposal.sealed.js';
import { isObjectId } from '../../kernel/db/object-id.js';

type Event = { at: Date; by: string; byRole: string; type: string; reason?: string | null };
type Response = { decision: 'accept' | 'decline'; reason: string | null; at: Date; by: string; byRole: string };
export type LockKey = `family:${string}` | `offer:${string}`;
export interface Lock {
  _id: LockKey;
  proposalId: string | null;
  at: Date;
}

const HELD = trusted({ $regex: '^(family|offer):' });

export const lockKeys = (p: Pick<ProposalRecord, 'familyId' | 'offerId'>): [LockKey, LockKey] => [`family:${p.familyId}`, `offer:${p.offerId}`];

export class ProposalRepository {
  async find(id: string): Promise<ProposalRecord | null> {
    const doc = isObjectId(id) ? await ProposalModel.findById(id).lean<ProposalRecord>() : null;
    return doc ? openProposal(doc) : null;
  }

  async insert(doc: Omit<ProposalRecord, 'status' | 'responses' | 'closedAt' | 'closedReason' | 'createdAt' | 'updatedAt'>): Promise<void> {
    await ProposalModel.create(await sealProposalPart(doc.familyId, doc));
  }

  async remove(id: string): Promise<void> {
    await ProposalModel.deleteOne({ _id: id });
  }

  /** Newest first, at most 200; `familyIds`/`offerIds` restrict to those (a parent's, a host's). */
  async list(filter: { status?: string; familyIds?: string[]; offerIds?: string[] }): Promise<ProposalRecord[]> {
    const query: Record<string, unknown> = {};
    if (filter.status) query.status = filter.status;
    if (filter.familyIds) query.familyId = trusted({ $in: filter.familyIds });
    if (filter.offerIds) query.offerId = trusted({ $in: filter.offerIds });
    return openProposals(await ProposalModel.find(query).sort({ createdAt: -1 }).limit(200).lean<ProposalRecord[]>());
  }

  /** Every proposal of these families or offers (erasure). */
  async ofParties(ids: { familyIds: string[]; offerIds: string[] }): Promise<ProposalRecord[]> {
    return openProposals(
      await ProposalModel.find({ $or: [{ familyId: trusted({ $in: ids.familyIds }) }, { offerId: trusted({ $in: ids.offerIds }) }] }).lean<ProposalRecord[]>(),
    );
  }

  /** Erasure: what may stay of a proposal (the caller computed it, free text already gone). */
  async scrub(id: string, kept: Pick<ProposalRecord, 'responses' | 'events'>): Promise<void> {
    await ProposalModel.updateOne(
      { _id: id },
      {
        $set: {
          message: null,
          closedReason: null,
          'responses.family': kept.responses?.family ?? null,
          'responses.host': kept.responses?.host ?? null,
          events: kept.events,
        },
      },
    );
  }

  /** One party's answer, once, while pending; false when already answered or settled. */
  async answer(familyId: string, id: string, party: Party, response: Response, event: Event): Promise<boolean> {
    const sealed = await sealProposalPart(familyId, { responses: { [party]: response }, events: [event] } as {
      responses: Record<Party, Response>;
      events: Event[];
    });
    const result = await ProposalModel.updateOne(
      { _id: id, status: 'pending', [`responses.${party}`]: null },
      { $set: { [`responses.${party}`]: sealed.responses[party] }, $push: { events: sealed.events[0] } },
    );
    return result.matchedCount === 1;
  }

  /** Pending → declined, cancelled or expired, once. */
  async close(familyId: string, id: string, status: Exclude<ProposalStatus, 'pending' | 'accepted'>, reason: string | null, event: Event): Promise<boolean> {
    const sealed = await sealProposalPart(familyId, { closedReason: reason, events: [event] });
    const result = await ProposalModel.updateOne(
      { _id: id, status: 'pending' },
      { $set: { status, closedAt: event.at, closedReason: sealed.closedReason }, $push: { events: sealed.events[0] } },
    );
    return result.matchedCount === 1;
  }

  /** Pending → accepted, once, only if both parties accepted. */
  async accept(id: string, event: Event): Promise<boolean> {
    const result = await ProposalModel.updateOne(
      { _id: id, status: 'pending', 'responses.family.decision': 'accept', 'responses.host.decision': 'accept' },
      { $set: { status: 'accepted', closedAt: event.at }, $push: { events: event } },
    );
    return result.matchedCount === 1;
  }

  async pendingDueBy(now: Date): Promise<ProposalRecord[]> {
    return openProposals(await ProposalModel.find({ status: 'pending', expiresAt: trusted({ $lte: now }) }).lean<ProposalRecord[]>());
  }

  /** Takes a lock for this proposal; false when another proposal holds it. */
  takeLock(key: LockKey, proposalId: string): Promise<boolean> {
    return insertOnce(ProposalLockModel, { _id: key, proposalId, at: new Date() });
  }

  /** Drops the lock only if this proposal holds it (a later proposal's lock on the same family stays). */
  async dropLock(key: LockKey, proposalId: string): Promise<void> {
    await ProposalLockModel.deleteOne({ _id: key, proposalId });
  }

  async locks(): Promise<Lock[]> {
    return ProposalLockModel.find({ _id: HELD }).lean<Lock[]>();
  }

  async holder(key: LockKey): Promise<string | null> {
    return (await ProposalLockModel.findById(key).lean<Lock>())?.proposalId ?? null;
  }
}
