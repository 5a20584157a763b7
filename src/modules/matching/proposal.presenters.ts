// What each side sees of a proposal (SPEC §1, §5): a pseudonymous summary of the other side — no
// surname, no exact address, no contact — and the benefits warning. Staff see everything.
import type { FamilyRecord, OfferRecord } from '../intake/index.js';
import type { Party, ProposalRecord } from './proposal.model.js';

function proposalCore(p: ProposalRecord) {
  return {
    id: String(p._id),
    status: p.status,
    familyId: p.familyId,
    offerId: p.offerId,
    message: p.message,
    score: p.score,
    expiresAt: p.expiresAt,
    responses: { family: p.responses?.family?.decision ?? null, host: p.responses?.host?.decision ?? null },
    createdAt: p.createdAt,
    closedAt: p.closedAt,
  };
}

// A proposal is kept when its family or host is erased, and erasure keeps only a few fields of the
// application (intake/pseudonymise.ts): the summaries read drafts, not complete applications.

/** What a host may know of the family before both have accepted. */
export function familySummary(doc: FamilyRecord) {
  const app = doc.application;
  const year = new Date().getUTCFullYear();
  return {
    firstName: app.parent?.firstName,
    languages: app.parent?.languages ?? [],
    children: (app.children ?? []).map((c) => ({ age: c.birthYear === undefined ? null : year - c.birthYear, sex: c.sex, custody: c.custody })),
    expectingChild: !!app.expectedChild,
    moveInFrom: app.needs?.moveInFrom,
    minDurationMonths: app.needs?.minDurationMonths,
    pets: app.needs?.pets ?? [],
    smoker: app.needs?.smoker,
    lifestyle: app.lifestyle,
    servicesOffered: app.servicesOffered ?? [],
  };
}

/** What a parent may know of the home and the host before both have accepted. */
export function offerSummary(doc: OfferRecord) {
  const app = doc.application;
  return {
    hostFirstName: app.host?.firstName,
    hostIsSingleParent: app.host?.isSingleParent,
    householdSize: app.host?.household?.length ?? 0,
    languages: app.host?.languages ?? [],
    pets: app.host?.pets ?? [],
    smokingHousehold: app.host?.smoker,
    commune: app.address?.commune,
    dwellingType: app.dwelling?.type,
    floor: app.dwelling?.floor,
    elevator: app.dwelling?.elevator,
    stepFreeAccess: app.dwelling?.stepFreeAccess,
    rooms: app.rooms ?? [],
    privateBathroom: app.privateBathroom,
    sharedSpaces: app.sharedSpaces ?? [],
    contribution: app.contribution,
    availableFrom: app.availability?.from,
    minDurationMonths: app.availability?.minDurationMonths,
    lifestyle: app.lifestyle,
    houseRules: app.houseRules ?? null,
  };
}

export function presentProposal(p: ProposalRecord, viewer: Party | 'staff', family: FamilyRecord, offer: OfferRecord) {
  const core = proposalCore(p);
  if (viewer === 'family') return { ...core, offer: offerSummary(offer) };
  if (viewer === 'host') return { ...core, family: familySummary(family) };
  return { ...core, family: familySummary(family), offer: offerSummary(offer), events: p.events, responseDetails: p.responses };
}
