// Rules on an offer beyond its schema: coherence and what a submission still lacks.
import type { ErrorDetail } from '../../kernel/errors.js';
import { ValidationError } from '../../kernel/errors.js';
import { postalCodeBelongs } from '../../kernel/region.js';
import { compileGuard } from '../../kernel/validation.js';
import type { CompleteOffer, OfferRecord } from './offer.model.js';
import { offerSchema, validateCompleteOffer, type OfferDraft } from './offer.schemas.js';
import { RATED_BENEFIT_SOURCES } from './vocabulary.js';

const completeApplication = compileGuard(offerSchema);

/** Whether the offer is complete by its schema (a submitted one is; a draft may be): what matching needs. */
type InspectionLike = { inspection?: { outcome?: string | null; validUntil?: Date | null } | null };

/** Whether the offer holds a conform inspection (with or without remarks) still valid on that day. */
export function inspectionValid(offer: InspectionLike, on: Date = new Date()): boolean {
  return !!offer.inspection?.validUntil && offer.inspection.outcome !== 'non_conform' && new Date(offer.inspection.validUntil) > on;
}

export function isCompleteOffer(doc: OfferRecord): doc is CompleteOffer {
  return completeApplication(doc.application);
}

export function offerCoherence(app: OfferDraft, now = new Date()): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const year = now.getUTCFullYear();
  const { address, children, host, rooms, dwelling } = app;
  if (address?.postalCode && address.commune && !postalCodeBelongs(address.postalCode, address.commune))
    errors.push({ path: '/address/postalCode', messageKey: 'intake.rules.postalCodeCommune', params: { postalCode: address.postalCode } });
  if (children?.minAge !== undefined && children.maxAge !== undefined && children.minAge > children.maxAge)
    errors.push({ path: '/children/maxAge', messageKey: 'intake.rules.maxAgeBelowMin' });
  host?.household?.forEach((member, i) => {
    if (member?.birthYear !== undefined && member.birthYear > year)
      errors.push({ path: `/host/household/${i}/birthYear`, messageKey: 'intake.rules.yearInFuture' });
  });
  const selves = host?.household?.filter((m) => m?.relation === 'self').length ?? 0;
  if (selves > 1) errors.push({ path: '/host/household', messageKey: 'intake.rules.oneSelf' });
  const roomsSurface = (rooms ?? []).reduce((sum, r) => sum + (r?.surfaceM2 ?? 0), 0);
  if (dwelling?.netSurfaceM2 !== undefined && roomsSurface > dwelling.netSurfaceM2)
    errors.push({ path: '/rooms', messageKey: 'intake.rules.roomsLargerThanDwelling' });
  return errors;
}

export function offerSubmissionProblems(app: OfferDraft, now = new Date()): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  try {
    validateCompleteOffer(app);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.details);
  }
  problems.push(...offerCoherence(app, now));
  if (app.host?.household && !app.host.household.some((m) => m?.relation === 'self'))
    problems.push({ path: '/host/household', messageKey: 'intake.rules.selfMissing' });
  if (app.rooms && !app.rooms.some((r) => r?.kind === 'bedroom')) problems.push({ path: '/rooms', messageKey: 'intake.rules.bedroomMissing' });
  if (app.legal?.tenure === 'tenant' && app.legal.landlordConsent !== true)
    problems.push({ path: '/legal/landlordConsent', messageKey: 'intake.rules.landlordConsent' });
  // A benefit paid at a rate: the warning depends on that rate (SPEC §6.3), "I don't know" is an answer.
  const source = app.benefits?.source;
  if (source && (RATED_BENEFIT_SOURCES as readonly string[]).includes(source) && !app.benefits?.status)
    problems.push({ path: '/benefits/status', messageKey: 'intake.rules.benefitStatusRequired' });
  return problems;
}
