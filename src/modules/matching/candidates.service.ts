// Matches and plans from the live records: loads families and offers through intake's services,
// builds the engine's tables, scores, and explains only what is shown.
import type { Language } from '../../kernel/config.js';
import { NotFoundError, RuleViolation, ValidationError } from '../../kernel/errors.js';
import {
  isCompleteFamily,
  isCompleteOffer,
  screeningOf,
  type Actor,
  type CompleteFamily,
  type CompleteOffer,
  type FamilyRecord,
  type FamilyService,
  type OfferRecord,
  type OfferService,
} from '../intake/index.js';
import { BLOCKER_BIT, blockerCodes, weightVector, type Weights } from './engine/criteria.js';
import { CRITERION_COUNT, evaluatePair, minimumSurface, weightedScore } from './engine/evaluate.js';
import { explain } from './engine/explain.js';
import { scoreAll } from './engine/matrix.js';
import { plan } from './engine/plan.js';
import { DAY_MS, dayOf, familyProfile, offerProfile, screeningDay, type FamilyProfile, type OfferProfile } from './engine/profiles.js';
import { buildTables, type Tables } from './engine/tables.js';
import { currentWeights } from './weights.js';

/** Offers a family's page lists (with blockers when not eligible): everything but drafts and closed ones. */
/** The offers a family's match list shows (and two of which a worker may compare). */
export const LISTED_OFFERS = ['submitted', 'inspection', 'available', 'reserved', 'occupied', 'non_conform', 'paused'] as const;
const LISTED_FAMILIES = ['submitted', 'active', 'proposed', 'matched', 'housed', 'on_hold'] as const;

export interface MatchItem {
  offerId?: string;
  familyId?: string;
  score: number;
  eligible: boolean;
  criteria: ReturnType<typeof explain>['criteria'];
  blockers: ReturnType<typeof explain>['blockers'];
}

export interface PairRef {
  familyId: string;
  offerId: string;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

export class CandidatesService {
  constructor(
    private readonly families: FamilyService,
    private readonly offers: OfferService,
    /** Families and offers already in a pending or accepted proposal (not plannable). */
    private readonly taken: () => Promise<{ families: Set<string>; offers: Set<string> }>,
  ) {}

  private describe(t: Tables, i: number, j: number, f: FamilyProfile, o: OfferProfile, offer: OfferRecord, weights: Float64Array, lang: Language) {
    const values = new Float64Array(CRITERION_COUNT);
    const mask = evaluatePair(t, i, j, values);
    const nearestKm = t.families.nearestKm[i * t.communeCount + t.offers.commune[j]!]!;
    // Screened today but not by the family's move-in: say what will be missing then.
    const later = (mask & BLOCKER_BIT.SCREENING) !== 0 && o.screened ? screeningDay(f.moveInFrom, dayOf(new Date())) : null;
    const screeningLater = later === null ? undefined : { day: later, gaps: screeningOf(offer, new Date(later * DAY_MS)).missing };
    const { criteria, blockers } = explain(
      values,
      weights,
      mask,
      { family: f, offer: o, minimumSurfaceM2: minimumSurface(t, i, j), nearestKm, screeningLater },
      lang,
    );
    return { score: round(weightedScore(values, weights)), eligible: mask === 0, criteria, blockers };
  }

  async forFamily(
    actor: Actor,
    familyId: string,
    options: { limit: number; includeIneligible: boolean; lang: Language; weights?: Weights },
  ): Promise<{ family: FamilyRecord; items: (MatchItem & { offer: OfferRecord })[] }> {
    const [family, offerDocs, weights] = await Promise.all([
      this.families.get(actor, familyId),
      this.offers.inStatuses([...LISTED_OFFERS]),
      options.weights ?? currentWeights(),
    ]);
    const now = new Date();
    // The same family version, the same offers (intake keeps the array while none changed), weights,
    // day and options give the same answer: remembered, exactly, until one of them changes.
    const key = [
      familyId,
      family.version,
      family.updatedAt?.getTime(),
      JSON.stringify(weights),
      now.toISOString().slice(0, 10),
      options.lang,
      options.limit,
      options.includeIneligible,
    ].join('|');
    const remembered = this.familyMatches.get(offerDocs)?.get(key);
    if (remembered) return { family, items: remembered };
    const profile = this.profileOf(family);
    const scored = offerDocs.filter((o) => this.offerComplete(o));
    const profiles = scored.map((o) => this.offerProfileMemo(o, now));
    const t = buildTables([profile], profiles);
    const vector = weightVector(weights);
    const matrix = scoreAll(t, vector);
    const order = profiles.map((_, j) => j).filter((j) => options.includeIneligible || matrix.blockers[j] === 0);
    order.sort((a, b) => matrix.score[b]! - matrix.score[a]!);
    const items = order
      .slice(0, options.limit)
      .map((j) => ({ offerId: profiles[j]!.id, offer: scored[j]!, ...this.describe(t, 0, j, profile, profiles[j]!, scored[j]!, vector, options.lang) }));
    let perOffers = this.familyMatches.get(offerDocs);
    if (!perOffers || perOffers.size >= 1_000) this.familyMatches.set(offerDocs, (perOffers = new Map<string, (MatchItem & { offer: OfferRecord })[]>()));
    perOffers.set(key, items);
    return { family, items };
  }

  async forOffer(
    actor: Actor,
    offerId: string,
    options: { limit: number; includeIneligible: boolean; lang: Language },
  ): Promise<{ offer: OfferRecord; items: (MatchItem & { family: FamilyRecord })[] }> {
    const offer = await this.offers.get(actor, offerId);
    const now = new Date();
    const offerP = this.offerProfileOf(offer, now);
    const familyDocs = (await this.families.inStatuses([...LISTED_FAMILIES])).filter((f) => this.complete(f));
    const profiles = familyDocs.map((f) => this.familyProfileMemo(f));
    const t = buildTables(profiles, [offerP]);
    const weights = weightVector(await currentWeights());
    const matrix = scoreAll(t, weights);
    const order = profiles.map((_, i) => i).filter((i) => options.includeIneligible || matrix.blockers[i] === 0);
    order.sort((a, b) => matrix.score[b]! - matrix.score[a]!);
    const items = order
      .slice(0, options.limit)
      .map((i) => ({ familyId: profiles[i]!.id, family: familyDocs[i]!, ...this.describe(t, i, 0, profiles[i]!, offerP, offer, weights, options.lang) }));
    return { offer, items };
  }

  /** One pair, explained (the proposal page, the comparison of two offers). */
  async pair(familyId: string, offerId: string, family: FamilyRecord, offer: OfferRecord, lang: Language) {
    const fp = this.profileOf(family);
    const op = this.offerProfileOf(offer, new Date());
    const weights = weightVector(await currentWeights());
    return { familyId, offerId, ...this.describe(buildTables([fp], [op]), 0, 0, fp, op, offer, weights, lang) };
  }

  /** The plan over active families and available offers not already in a proposal. */
  async plan(actor: Actor, options: { locked: PairRef[]; forbidden: PairRef[] }) {
    if (actor.role !== 'worker' && actor.role !== 'coordinator') throw new NotFoundError();
    const taken = await this.taken();
    const familyDocs = (await this.families.inStatuses(['active'])).filter((f): f is CompleteFamily => this.complete(f) && !taken.families.has(String(f._id)));
    const offerDocs = (await this.offers.inStatuses(['available'])).filter(
      (o): o is CompleteOffer => this.offerComplete(o) && !taken.offers.has(String(o._id)),
    );
    const now = new Date();
    const fp = familyDocs.map((f) => this.familyProfileMemo(f));
    const op = offerDocs.map((o) => this.offerProfileMemo(o, now));
    const fIndex = new Map(fp.map((f, i) => [f.id, i]));
    const oIndex = new Map(op.map((o, j) => [o.id, j]));
    const toIndex = (refs: PairRef[], field: string): [number, number][] =>
      refs.map((r, k) => {
        const i = fIndex.get(r.familyId);
        const j = oIndex.get(r.offerId);
        if (i === undefined || j === undefined) throw new ValidationError([{ path: `/${field}/${k}`, messageKey: 'matching.plan.unknownPair' }]);
        return [i, j];
      });
    const locked = toIndex(options.locked, 'locked');
    const forbidden = toIndex(options.forbidden, 'forbidden');
    const matrix = scoreAll(buildTables(fp, op), weightVector(await currentWeights()));
    for (const [k, [i, j]] of locked.entries()) {
      const mask = matrix.blockers[i * matrix.m + j]!;
      if (mask === 0) continue;
      if (this.families.isPairExcluded(familyDocs[i]!, offerDocs[j]!))
        throw new RuleViolation(409, 'PAIR_EXCLUDED', [{ path: `/locked/${k}`, messageKey: 'rules.PAIR_EXCLUDED' }]);
      throw new ValidationError([{ path: `/locked/${k}`, messageKey: 'matching.plan.lockedIneligible', params: { codes: blockerCodes(mask).join(', ') } }]);
    }
    const result = plan(matrix, { urgency: Float64Array.from(fp, (f) => f.urgency), locked, forbidden });
    return {
      pairs: result.pairs.map((p) => ({ familyId: fp[p.family]!.id, offerId: op[p.offer]!.id, score: round(p.score), regret: round(p.regret) })),
      unmatchedFamilies: result.unmatchedFamilies.map((i) => fp[i]!.id),
      unmatchedOffers: result.unmatchedOffers.map((j) => op[j]!.id),
      totalScore: round(result.totalScore),
      families: familyDocs,
      offers: offerDocs,
    };
  }

  /**
   * Profiles of the records of intake's copies, remembered per record object (a changed record is a
   * new object) and, for offers, per day and inspection validity (what `now` changes in a profile).
   */
  private readonly familyProfiles = new WeakMap<CompleteFamily, FamilyProfile>();
  /** A family's matches, per state of the offers (the array intake gives while none changed). */
  private readonly familyMatches = new WeakMap<OfferRecord[], Map<string, (MatchItem & { offer: OfferRecord })[]>>();
  private readonly offerProfiles = new WeakMap<CompleteOffer, { key: string; profile: OfferProfile }>();
  /** Whether each record is complete, remembered the same way (checking the schema on every list is too slow). */
  private readonly completeness = new WeakMap<FamilyRecord | OfferRecord, boolean>();
  private familyProfileMemo(doc: CompleteFamily): FamilyProfile {
    let profile = this.familyProfiles.get(doc);
    if (!profile) this.familyProfiles.set(doc, (profile = familyProfile(doc)));
    return profile;
  }
  private offerProfileMemo(doc: CompleteOffer, now: Date): OfferProfile {
    const validUntil = doc.inspection?.validUntil;
    const key = `${Math.floor(now.getTime() / 86_400_000)}|${!!validUntil && new Date(validUntil).getTime() > now.getTime()}`;
    const memo = this.offerProfiles.get(doc);
    if (memo?.key === key) return memo.profile;
    const profile = offerProfile(doc, now);
    this.offerProfiles.set(doc, { key, profile });
    return profile;
  }

  /** Matching needs a complete application (a submitted one is; a draft may not be). */
  private complete(doc: FamilyRecord): doc is CompleteFamily {
    let known = this.completeness.get(doc);
    if (known === undefined) this.completeness.set(doc, (known = isCompleteFamily(doc)));
    return known;
  }

  private offerComplete(doc: OfferRecord): doc is CompleteOffer {
    let known = this.completeness.get(doc);
    if (known === undefined) this.completeness.set(doc, (known = isCompleteOffer(doc)));
    return known;
  }

  /** An offer still being written (a draft without its rooms, contribution…) cannot be scored yet. */
  private offerProfileOf(doc: OfferRecord, now: Date): OfferProfile {
    if (!this.offerComplete(doc)) throw new ValidationError([{ path: '/offerId', messageKey: 'matching.offerIncomplete' }]);
    return offerProfile(doc, now);
  }

  private profileOf(doc: FamilyRecord): FamilyProfile {
    if (!this.complete(doc)) throw new ValidationError([{ path: '/familyId', messageKey: 'matching.familyIncomplete' }]);
    return familyProfile(doc);
  }
}
