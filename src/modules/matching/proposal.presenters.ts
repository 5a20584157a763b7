// What each side sees of a proposal (SPEC §1, §5): a pseudonymous summary of the other side — no
// surname, no exact address, no contact — and the benefits warning. Staff see everything.
import { ageOn } from '../../kernel/housing-norms.js';
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
 * What a host may know of the family (SPEC §1, §11 SHARE_PROFILE_NOT_CONSENTED). With the family's
 * `shareProfile` consent, or once both have accepted: the pseudonymous profile — first name,
 * children's ages, languages, what the family offers — with the household size and the move-in
 * window. Without: household size, age bands and the move-in window only. Never a text the family
 * wrote (situation, special needs) before both have accepted.
 */
export function familySummary(doc: FamilyRecord, bothAccepted = false, now = new Date()) {
  const app = doc.application;
  const children = app.children ?? [];
  const ages = children.map((c) => (c?.birthYear === undefined ? null : ageOn({ birthYear: c.birthYear, birthMonth: c.birthMonth }, now)));
  const common = { householdSize: 1 + children.length, expectingChild: !!app.expectedChild, moveInFrom: app.needs?.moveInFrom, moveInBy: app.needs?.moveInBy };
  if (app.consents?.shareProfile !== true && !bothAccepted) {
    return { shared: false as const, ...common, children: ages.map((age) => ({ ageBand: age === null ? null : ageBand(age) })) };
  }
  return {
    shared: true as const,
    ...common,
    firstName: app.parent?.firstName,
    languages: app.parent?.languages ?? [],
    children: ages.map((age) => ({ age })),
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
