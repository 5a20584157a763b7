// Host screening (SPEC §4, §11 HOST_SCREENING_INCOMPLETE): an offer is proposable only when its host
// household is screened — enough positive references, no negative one unresolved, and for every
// member of age at the date a model-2 extract recorded `clear` and seen recently enough. Pure: the
// offer's worker side and the service policy in, the list of what is missing out.
import { ageOn } from '../../kernel/housing-norms.js';
import { policyFor, type ServicePolicy } from '../../kernel/policy.js';
import type { OfferRecord } from './offer.model.js';

export type ScreeningGap =
  | { code: 'REFERENCES_MISSING'; have: number; need: number }
  | { code: 'REFERENCE_NEGATIVE'; referenceIndex: number }
  | { code: 'RECORD_CHECK_MISSING'; memberIndex: number }
  | { code: 'RECORD_CHECK_EXPIRED'; memberIndex: number; seenOn: string }
  | { code: 'RECORD_CHECK_NOT_CLEAR'; memberIndex: number };

export interface Screening {
  complete: boolean;
  missing: ScreeningGap[];
}

/** The numbers a gap's sentence needs (people count from 1). */
export function gapParams(gap: ScreeningGap): Record<string, number> {
  if ('memberIndex' in gap) return { n: gap.memberIndex + 1 };
  if ('referenceIndex' in gap) return { n: gap.referenceIndex + 1 };
  return { have: gap.have, need: gap.need };
}

type Screened = Pick<OfferRecord, 'references' | 'recordChecks'> & { application: { host?: { household?: { birthYear?: number }[] } | null } };

function monthsBefore(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** Which members of the household are of age on a day (their index in the household). */
export function adultMembers(offer: Screened, on: Date, policy: ServicePolicy = policyFor(on)): number[] {
  const household = offer.application.host?.household ?? [];
  return household.flatMap((m, i) => (m.birthYear !== undefined && ageOn({ birthYear: m.birthYear }, on) >= policy.screening.adultFromAge ? [i] : []));
}

export function screeningOf(offer: Screened, on: Date = new Date(), policy: ServicePolicy = policyFor(on)): Screening {
  const missing: ScreeningGap[] = [];
  const references = offer.references ?? [];
  const positive = references.filter((r) => r.outcome === 'positive').length;
  if (positive < policy.screening.referencesRequired) missing.push({ code: 'REFERENCES_MISSING', have: positive, need: policy.screening.referencesRequired });
  references.forEach((r, i) => {
    if (r.outcome === 'negative' && !r.resolution) missing.push({ code: 'REFERENCE_NEGATIVE', referenceIndex: i });
  });
  const oldest = monthsBefore(on, policy.screening.recordCheckValidMonths).toISOString().slice(0, 10);
  for (const memberIndex of adultMembers(offer, on, policy)) {
    const check = (offer.recordChecks ?? []).find((c) => c.memberIndex === memberIndex);
    // A check recorded before results were asked counts as not recorded: it must be seen again.
    if (!check || (check.result !== 'clear' && check.result !== 'not_clear')) missing.push({ code: 'RECORD_CHECK_MISSING', memberIndex });
    else if (check.result === 'not_clear') missing.push({ code: 'RECORD_CHECK_NOT_CLEAR', memberIndex });
    else if (!check.seenOn || check.seenOn < oldest) missing.push({ code: 'RECORD_CHECK_EXPIRED', memberIndex, seenOn: check.seenOn ?? '' });
  }
  return { complete: missing.length === 0, missing };
}
