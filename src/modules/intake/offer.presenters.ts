// What each role sees of an offer: the host their own offer; staff everything (exact address,
// references, record checks). Parents see offers only through matching's pseudonymous summary.
import { isStaff, type Actor } from './actor.js';
import type { OfferRecord } from './offer.model.js';
import { screeningOf } from './screening.js';

export function offerForOwner(doc: OfferRecord) {
  return {
    id: String(doc._id),
    status: doc.status,
    statusReason: doc.status === 'paused' || doc.status === 'non_conform' || doc.status === 'closed' ? doc.statusReason : null,
    version: doc.version,
    ...doc.application,
    inspection: doc.inspection
      ? {
          outcome: doc.inspection.outcome,
          performedAt: doc.inspection.performedAt,
          validUntil: doc.inspection.validUntil,
          remarksDeadline: doc.inspection.remarksDeadline,
        }
      : null,
    submittedAt: doc.submittedAt,
    benefitsWarningAcknowledgedAt: doc.benefitsWarningAcknowledgedAt ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function offerForStaff(doc: OfferRecord) {
  return {
    ...offerForOwner(doc),
    statusReason: doc.statusReason,
    inspection: doc.inspection,
    ownerUserId: doc.ownerUserId,
    createdBy: doc.createdBy,
    casework: {
      assignedWorkerId: doc.assignedWorkerId,
      references: doc.references,
      recordChecks: doc.recordChecks,
      screening: screeningOf(doc),
      suspension: doc.suspension,
      suspensionReviews: doc.suspensionReviews,
    },
    events: doc.events,
  };
}

/** A staff list item: without the references, record checks and history (they come with the read of one offer). */
export function presentOfferInList(doc: OfferRecord, actor: Actor) {
  if (!isStaff(actor)) return offerForOwner(doc);
  const { casework, events: _events, ...rest } = offerForStaff(doc);
  return { ...rest, casework: { assignedWorkerId: casework.assignedWorkerId } };
}

export function presentOffer(doc: OfferRecord, actor: Actor) {
  return isStaff(actor) ? offerForStaff(doc) : offerForOwner(doc);
}
