// The worker's notes on a host's references, sealed at rest with the host's own data key
// (kernel/crypto): who vouched for them, how to reach them, what they said.
import type { SealedPaths } from '../../kernel/crypto/sealed-fields.js';

export const OFFER_SEALED_PATHS: SealedPaths = [
  'references.*.name',
  'references.*.relation',
  'references.*.contact',
  'references.*.note',
  'references.*.resolution.reason',
  'suspension.reason',
  'suspensionReviews.*.reason',
];

/** Whose key seals an offer's casework: the host's, one per offer (a host may offer twice; erasure takes both). */
export function hostSubject(offerId: string): string {
  return `host:${offerId}`;
}
