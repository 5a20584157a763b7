// The free text of a proposal, sealed at rest with the family's data key (kernel/crypto): the
// worker's message to both households, each party's reason for declining, the worker's reason for
// cancelling, and the same reasons in its history. A proposal is a step of the family's case, as a
// cohabitation is (followup/cohabitation.sealed.ts): erasing the family shreds them; erasing the host
// scrubs them (ProposalService.scrubForErasure). Decisions, dates and statuses stay readable: the
// statistics and the sweeps need them, and they say nothing without the text. Values stored before
// this was sealed are read as they are (sealed-fields.ts leaves a plain value alone).
import { open, openMany, seal, type SealedPaths } from '../../kernel/crypto/sealed-fields.js';
import { familySubject } from '../intake/index.js';

export const PROPOSAL_SEALED_PATHS: SealedPaths = ['message', 'closedReason', 'responses.family.reason', 'responses.host.reason', 'events.*.reason'];

type WithFamily = { familyId: string };

/** Seals the paths present in `part` (a new proposal, a $set, an event to $push) with the family's key. */
export function sealProposalPart<T>(familyId: string, part: T): Promise<T> {
  return seal(familySubject(familyId), part, PROPOSAL_SEALED_PATHS);
}

export function openProposal<T extends WithFamily>(doc: T): Promise<T> {
  return open(familySubject(doc.familyId), doc, PROPOSAL_SEALED_PATHS);
}

export function openProposals<T extends WithFamily>(docs: T[]): Promise<T[]> {
  return openMany(docs, (d) => familySubject(d.familyId), PROPOSAL_SEALED_PATHS);
}
