// What each role sees of a family (SPEC §1): the parent their own application; a partner the
// status of their referral (the application too while it is still a draft they are filling);
// staff everything, the casework included. Casework never leaves through the first two.
import { networkHistoryOf } from './family-network.js';
import type { FamilyRecord } from './family.model.js';
import type { Actor } from './actor.js';
import { isStaff } from './actor.js';

function bedroomsOf(doc: FamilyRecord): number | null {
  return doc.bedrooms?.override?.value ?? doc.bedrooms?.computed ?? null;
}

export function familyForOwner(doc: FamilyRecord) {
  return {
    id: String(doc._id),
    status: doc.status,
    statusReason: doc.status === 'rejected' || doc.status === 'on_hold' ? doc.statusReason : null,
    version: doc.version,
    ...doc.application,
    bedroomsNeeded: bedroomsOf(doc),
    benefitsWarningAcknowledgedAt: doc.benefitsWarningAcknowledgedAt,
    submittedAt: doc.submittedAt,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function familyForPartner(doc: FamilyRecord) {
  const app = doc.application;
  if (doc.status === 'draft') return withoutSafetyNeeds(familyForOwner(doc));
  return {
    id: String(doc._id),
    status: doc.status,
    version: doc.version,
    parent: { firstName: app.parent?.firstName ?? null, lastName: app.parent?.lastName ?? null },
    referral: app.referral ?? null,
    submittedAt: doc.submittedAt,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** A survivor's safety needs are the parent's and the service's: never a partner's (issue 18). */
function withoutSafetyNeeds<T extends { situation?: FamilyRecord['application']['situation'] }>(view: T): T {
  if (!view.situation) return view;
  const { handoversAwayFromHome: _h, noAdultMan: _n, ...situation } = view.situation;
  return { ...view, situation };
}

export function familyForStaff(doc: FamilyRecord) {
  return {
    ...familyForOwner(doc),
    statusReason: doc.statusReason,
    ownerUserId: doc.ownerUserId,
    referredBy: doc.referredBy,
    createdBy: doc.createdBy,
    activatedAt: doc.activatedAt,
    casework: {
      assignedWorkerId: doc.assignedWorkerId,
      bedrooms: { computed: doc.bedrooms?.computed ?? null, override: doc.bedrooms?.override ?? null },
      interviews: doc.interviews,
      network: doc.network,
      networkHistory: networkHistoryOf(doc),
      isolation: doc.isolation,
      introductions: doc.introductions ?? [],
      exclusions: doc.exclusions,
    },
    events: doc.events,
  };
}

/**
 * A staff list item: the application and where the case stands, without the confidential casework
 * (interviews, network, isolation, exclusions) and the history, which come with the audited read of
 * one family (`GET /families/:id`). Keeps lists small, and reading them reveals no casework.
 */
export function familySummaryForStaff(doc: FamilyRecord) {
  const { casework, events: _events, ...rest } = familyForStaff(doc);
  return { ...rest, casework: { assignedWorkerId: casework.assignedWorkerId, bedrooms: casework.bedrooms } };
}

export function presentFamilyInList(doc: FamilyRecord, actor: Actor) {
  return isStaff(actor) ? familySummaryForStaff(doc) : presentFamily(doc, actor);
}

export function presentFamily(doc: FamilyRecord, actor: Actor) {
  if (isStaff(actor)) return familyForStaff(doc);
  if (actor.role === 'partner') return familyForPartner(doc);
  return familyForOwner(doc);
}
