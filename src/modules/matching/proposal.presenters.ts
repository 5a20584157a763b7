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

/** Age bands a host sees without the family's consent to share its profile (SPEC §1). */
export function ageBand(age: number): string {
  return age < 3 ? '0-2' : age < 6 ? '3-5' : age < 12 ? '6-11' : age < 18 ? '12-17' : '18-25';
}

/**
 * What a host may know of the family. With the family's `shareProfile` consent (or once both have
 * accepted): first name, children's ages, languages, what the family offers, daily life. Without:
 * household size, age bands and the move-in window only — no name, no exact age, no free text
 * (SPEC §1, §11 SHARE_PROFILE_NOT_CONSENTED).
 */
export function familySummary(doc: FamilyRecord, bothAccepted = false) {
  const app = doc.application;
  const year = new Date().getUTCFullYear();
  const children = app.children ?? [];
  if (app.consents?.shareProfile !== true && !bothAccepted) {
    return {
      shared: false as const,
      householdSize: 1 + children.length,
      children: children.map((c) => ({ ageBand: c.birthYear === undefined ? null : ageBand(year - c.birthYear) })),
      expectingChild: !!app.expectedChild,
      moveInFrom: app.needs?.moveInFrom,
      moveInBy: app.needs?.moveInBy,
    };
  }
  return {
    shared: true as const,
    householdSize: 1 + children.length,
    moveInBy: app.needs?.moveInBy,
    firstName: app.parent?.firstName,
    languages: app.parent?.languages ?? [],
    children: children.map((c) => ({ age: c.birthYear === undefined ? null : year - c.birthYear, sex: c.sex, custody: c.custody })),
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
  if (viewer === 'host') return { ...core, family: familySummary(family, p.status === 'accepted') };
  return { ...core, family: familySummary(family, true), offer: offerSummary(offer), events: p.events, responseDetails: p.responses };
}
