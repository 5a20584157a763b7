// Sentences for what is shown (a family's candidates, a plan's pairs): one per criterion, one per
// blocker, in the reader's language. Never generated for the whole matrix.
import type { Language } from '../../../kernel/config.js';
import { t, LOCALE_TAG } from '../../../kernel/i18n/index.js';
import { formatDayNumber, formatMoney, formatNumber } from '../../../kernel/i18n/format.js';
import { communeDistanceKm, communeName } from '../../../kernel/region.js';
import { gapParams, type ScreeningGap } from '../../intake/index.js';
import { blockerCodes, CRITERIA, type BlockerCode, type CriterionKey } from './criteria.js';
import type { FamilyProfile, OfferProfile } from './profiles.js';

// Dates and amounts by the kernel's formatting module (cached formatters: a family's matches
// format hundreds of dates and amounts).
function day(n: number, lang: Language): string {
  return formatDayNumber(n, lang);
}

function eur(x: number, lang: Language): string {
  return formatMoney(x, lang, { whole: true });
}

export interface PairFacts {
  family: FamilyProfile;
  offer: OfferProfile;
  minimumSurfaceM2: number;
  nearestKm: number;
  /** When SCREENING blocks on a later day than today (the family's move-in): that day and what will be missing then. */
  screeningLater?: { day: number; gaps: ScreeningGap[] };
}

function forGood(f: FamilyProfile, o: OfferProfile): boolean {
  return !!f.excludedForGood && (f.excludedForGood.offerIds.includes(o.id) || f.excludedForGood.hostIds.includes(o.hostId));
}

/** The sentence's key: a few blockers say more when their cause differs. */
function blockerKey(code: BlockerCode, p: PairFacts): string {
  if (code === 'EXCLUDED' && forGood(p.family, p.offer)) return 'EXCLUDED_FOR_GOOD';
  if (code === 'SCREENING' && p.screeningLater) return 'SCREENING_BY_MOVE_IN';
  // A man of the household is adult by the move-in; otherwise only someone whose sex is not said.
  if (code === 'ADULT_MAN' && !((p.offer.adultManFrom ?? Infinity) <= p.family.moveInFrom)) return 'ADULT_MAN_SEX_UNKNOWN';
  return code;
}

/** Each child's school with its distance from the home, farthest first ("child 2: school in Uccle, 3.4 km"). */
function schoolsFrom(p: PairFacts) {
  return (p.family.schools ?? [])
    .map((s) => ({ ...s, km: communeDistanceKm(p.offer.commune, s.commune) }))
    .filter((s) => Number.isFinite(s.km))
    .sort((a, b) => b.km - a.km);
}

function schoolText(s: ReturnType<typeof schoolsFrom>[number], lang: Language): string {
  return t(lang, 'matching.facts.schoolAt', {
    n: s.child + 1,
    kind: t(lang, `intake.vocab.schoolKinds.${s.kind}`),
    commune: communeName(s.commune, lang),
    km: formatNumber(s.km, lang, 1),
  });
}

export function blockerReason(code: BlockerCode, p: PairFacts, lang: Language): string {
  const { family: f, offer: o } = p;
  const gaps = p.screeningLater?.gaps ?? o.screeningGaps;
  const source = (measured: boolean | undefined) => t(lang, `matching.facts.${measured ? 'measured' : 'declared'}`);
  const params: Record<BlockerCode, Record<string, string | number>> = {
    FAMILY_NOT_ACTIVE: { status: t(lang, `intake.vocab.familyStatuses.${f.status}`) },
    OFFER_NOT_AVAILABLE: { status: t(lang, `intake.vocab.offerStatuses.${o.status}`) },
    OFFER_NOT_CONFORM: {},
    ROOMS: {
      offered: o.bedrooms,
      source: source(o.measured?.rooms),
      needed: f.bedrooms,
      basis: t(lang, `matching.facts.${f.bedroomsSetByWorker ? 'bedroomsByWorker' : 'bedroomsByPolicy'}`),
    },
    CHILDREN: { count: f.childAges.length, ages: f.childAges.join(', '), max: o.maxChildren, minAge: o.minAge, maxAge: o.maxAge },
    BUDGET: { price: eur(o.contribution, lang), max: eur(f.maxContribution, lang) },
    DATES: { from: day(o.availableFrom, lang), by: day(f.moveInBy, lang) },
    DURATION: { offered: o.minDurationMonths, needed: f.minDurationMonths },
    ACCESSIBILITY: {},
    BATHROOM: {},
    PETS: {},
    SMOKING: {},
    COMMUNE: { commune: communeName(o.commune, lang) },
    EXCLUDED: {},
    SURFACE: { surface: o.netSurfaceM2, source: source(o.measured?.surface), minimum: p.minimumSurfaceM2, people: o.householdSize + f.occupants },
    SCREENING: {
      missing: gaps.map((g) => t(lang, `intake.screening.gaps.${g.code}`, gapParams(g))).join(' '),
      date: p.screeningLater ? day(p.screeningLater.day, lang) : '',
    },
    SCHOOL: code === 'SCHOOL' ? farthestKept(p, lang) : {},
    VARYING_HOUSEHOLD: { count: f.varyingChildren ?? 0 },
    HANDOVERS: { count: f.varyingChildren ?? 0 },
    ADULT_MAN: {},
  };
  return t(lang, `matching.blockers.${blockerKey(code, p)}`, params[code]);
}

function farthestKept(p: PairFacts, lang: Language): Record<string, string | number> {
  const kept = schoolsFrom(p).find((s) => s.mustKeep);
  return { school: kept ? schoolText(kept, lang) : '', max: formatNumber(p.offer.schoolMaxKm ?? 0, lang, 1) };
}

export function criterionReason(key: CriterionKey, value: number, p: PairFacts, lang: Language): string {
  const { family: f, offer: o } = p;
  const level = value >= 0.75 ? 'high' : value >= 0.4 ? 'mid' : 'low';
  const params: Record<CriterionKey, Record<string, string | number>> = {
    space: { bedrooms: o.bedrooms, needed: f.bedrooms, surface: Math.round(o.privateSurfaceM2), people: f.occupants },
    budget: { price: eur(o.contribution, lang), max: eur(f.maxContribution, lang) },
    location: { commune: communeName(o.commune, lang), km: formatNumber(Number.isNaN(p.nearestKm) ? 0 : p.nearestKm, lang, 1) },
    timing: { from: day(o.availableFrom, lang), wish: day(f.moveInFrom, lang) },
    children: { max: o.maxChildren, count: f.childAges.length, hostChildren: o.hostChildAges.length },
    lifestyle: { schedule: t(lang, `intake.vocab.schedules.${o.schedule}`).toLocaleLowerCase(LOCALE_TAG[lang]) },
    language: {},
    services: { wanted: o.servicesWanted.length },
    school: {
      schools:
        key === 'school'
          ? schoolsFrom(p)
              .map((s) => schoolText(s, lang))
              .join(' ; ')
          : '',
    },
  };
  const variant = (key === 'location' && Number.isNaN(p.nearestKm)) || (key === 'school' && schoolsFrom(p).length === 0) ? 'none' : level;
  return t(lang, `matching.criteria.${key}.${variant}`, params[key]);
}

export interface ExplainedCriterion {
  key: CriterionKey;
  weight: number;
  value: number;
  points: number;
  reason: string;
}

export function explain(values: Float64Array, weights: Float64Array, mask: number, p: PairFacts, lang: Language) {
  const criteria: ExplainedCriterion[] = CRITERIA.map((key, k) => ({
    key,
    weight: weights[k]!,
    value: Math.round(values[k]! * 1000) / 1000,
    points: Math.round(weights[k]! * values[k]! * 10) / 10,
    reason: criterionReason(key, values[k]!, p, lang),
  }));
  const blockers = blockerCodes(mask).map((code) => ({ code, reason: blockerReason(code, p, lang) }));
  return { criteria, blockers };
}
