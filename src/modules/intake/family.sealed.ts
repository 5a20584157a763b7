// The family's confidential casework, sealed at rest with the family's own data key (kernel/crypto):
// the parent's account of their situation and the confidential-address flag, interview notes, the
// social-network map, isolation scores, the bedrooms override's reason, the children's special needs,
// the referring partner's note and the safety exclusions. Erasing the
// family shreds the key, and with it every value below, in the database and in its backups.
import type { SealedPaths } from '../../kernel/crypto/sealed-fields.js';

export const FAMILY_SEALED_PATHS: SealedPaths = [
  // The parent's own words about their situation, and the safety flag (a survivor's address is secret).
  'application.situation.description',
  'application.situation.confidentialAddress',
  // A survivor's safety needs (issue 18): handovers away from the home, no adult man in the home.
  'application.situation.handoversAwayFromHome',
  'application.situation.noAdultMan',
  // A child's health or disability, in the parent's words (special-category data), and the
  // partner's note on the referral.
  'application.children.*.specialNeeds',
  'application.referral.note',
  // Why a worker set the number of bedrooms by hand (often a child's health, a custody situation).
  'bedrooms.override.reason',
  'interviews.*.summary',
  'interviews.*.supportNeeds',
  'interviews.*.resources',
  'network.*.name',
  'network.*.relation',
  'network.*.canHelpWith',
  'network.*.contact',
  'isolation.*.criteria',
  'isolation.*.score',
  'isolation.*.note',
  // The map over time, and which services (a helpline, legal aid) the family was introduced to.
  'networkHistory.*.contacts',
  'introductions.*.entryId',
  'introductions.*.note',
  // Who in the family gave its answer about the referring partner, as the worker noted it.
  'partnerUpdates.givenBy',
  'exclusions.communes',
  'exclusions.offerIds',
  'exclusions.hostIds',
  'exclusions.reason',
  'safetyExclusions.*.hostId',
  'safetyExclusions.*.offerId',
  'safetyExclusions.*.cohabitationId',
  'safetyExclusions.*.reason',
];

/** Whose key seals a family's casework (and the confidential parts of its cohabitations). */
export function familySubject(familyId: string): string {
  return `family:${familyId}`;
}
