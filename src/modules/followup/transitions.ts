// The steps that follow a cohabitation's status on other records (SPEC §3, §7): both signed → the
// trial, the family housed and the offer occupied; ended → the proposal's locks released, the
// family closed or back to active, a safety ending's exclusion and suspension, both households
// told, the offer back to available or closed. Each step is idempotent, so `complete` finishes a
// transition a crash interrupted, and `sweep` (scheduled) finds those.
import { inspectionValid } from '../intake/index.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { SYSTEM, type Actor, type FamilyService, type OfferService } from '../intake/index.js';
import type { ProposalService } from '../matching/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import type { CohabitationRepository } from './cohabitation.repository.js';
import { endReasonOf, familyNextAfter, householdsTold, isSafetyEnding, safetyJob, safetySteps, tellHouseholds, type EndingDeps } from './endings.js';
import { systemReason } from '../../kernel/i18n/reasons.js';
import { FamilyRehousingService } from '../intake/index.js';
import { partnerToldOf, tellPartner } from './partner-updates.js';

/** Statuses of a family still looking for a home after an ending (the rehousing flag is set only then). */
const STILL_LOOKING = ['active', 'proposed', 'matched'];

/** How long after an ending the sweep still checks its steps: a crash is caught within minutes; older endings predate the steps. */
const SWEEP_ENDED_DAYS = 7;

export class Transitions {
  private readonly deps: EndingDeps;
  private readonly rehousing: FamilyRehousingService;

  constructor(
    private readonly families: FamilyService,
    private readonly offers: OfferService,
    private readonly proposals: ProposalService,
    outbox: Outbox,
    private readonly store: CohabitationRepository,
  ) {
    this.deps = { families, offers, outbox, store };
    this.rehousing = new FamilyRehousingService(families);
  }

  /** Brings the family and the offer (and the households' mail) where the cohabitation's status says they are. */
  async complete(actor: Actor, c: CohabitationRecord): Promise<void> {
    const id = String(c._id);
    if (c.status === 'agreement') {
      // Both signatures stored, the trial not started yet (a crash in between, or two signing at once).
      if (!c.signatures?.family || !c.signatures?.host) return;
      await this.store.startTrialIfSigned(id, { at: new Date(), by: actor.id });
      const current = await this.store.find(id);
      if (!current) return;
      c = current;
    }
    if (c.status === 'trial' || c.status === 'active') {
      await this.families.moveFrom(actor, c.familyId, ['matched'], 'housed', systemReason('agreement_signed'));
      await this.offers.moveFrom(actor, c.offerId, ['reserved'], 'occupied', systemReason('agreement_signed'));
      // Housed: intake cleared a rehousing flag in the same write (FamilyService.transition).
      await tellPartner(this.deps, 'housed', c);
      return;
    }
    if (c.status === 'ended') await this.completeEnding(actor, c);
  }

  private async completeEnding(actor: Actor, c: CohabitationRecord): Promise<void> {
    // The locks go first: while they are held, matching keeps an accepted proposal's offer reserved.
    await this.proposals.release(c.proposalId);
    const reason = endReasonOf(c);
    // The ending's reason stays on the cohabitation (its page says it); the family's history says it ended.
    const why = systemReason('cohabitation_ended');
    // The family already has its next home (a later cohabitation): its status is that one's now.
    if (await this.movedOn('familyId', c)) {
      /* nothing to do for the family */
    } else if (familyNextAfter(reason) === 'closed') {
      await this.families.moveFrom(actor, c.familyId, ['housed'], 'closed', why);
      // Ended before both signed: matched goes back through active.
      if (await this.families.moveFrom(actor, c.familyId, ['matched'], 'active', why))
        await this.families.moveFrom(actor, c.familyId, ['active'], 'closed', why);
    } else {
      await this.families.moveFrom(actor, c.familyId, ['housed', 'matched'], 'active', why);
      // Back to active to be rehoused: priority in the plan until housed again or closed (SPEC §7).
      if (STILL_LOOKING.includes((await this.families.load(c.familyId)).status)) await this.rehousing.mark(actor, c.familyId, String(c._id));
    }
    // A safety ending never puts the home back (SPEC §7); while another runner is on its steps, nothing moves the offer.
    const safety = isSafetyEnding(c);
    if (safety && !(await safetySteps(this.deps, actor, c))) return;
    await tellHouseholds(this.deps, c);
    await tellPartner(this.deps, 'ended', c);
    if (safety || (await this.movedOn('offerId', c))) return;
    const offer = await this.offers.load(c.offerId);
    const endedAt = c.ending?.at ? new Date(c.ending.at) : new Date();
    await this.offers.moveFrom(actor, c.offerId, ['occupied', 'reserved'], inspectionValid(offer, endedAt) ? 'available' : 'closed', why);
  }

  /**
   * A later cohabitation of the family (or of the home) is open: a late sweep of this ending must not
   * move it back from that one (housed → active, occupied → available).
   */
  private async movedOn(side: 'familyId' | 'offerId', c: CohabitationRecord): Promise<boolean> {
    return (await this.store.countOpen(side, [c[side]])) > 0;
  }

  /** Whether every step of this cohabitation's status is done (the sweep skips it then). */
  private async isDone(c: CohabitationRecord): Promise<boolean> {
    if (c.status === 'agreement') return !c.signatures?.family || !c.signatures?.host;
    const [family, offer] = await Promise.all([this.families.load(c.familyId), this.offers.load(c.offerId)]);
    if (c.status !== 'ended') return family.status !== 'matched' && offer.status !== 'reserved' && (await partnerToldOf(this.deps, 'housed', c));
    const familyMovedOn = await this.movedOn('familyId', c);
    if (!familyMovedOn && ['housed', 'matched'].includes(family.status)) return false;
    if (
      !familyMovedOn &&
      familyNextAfter(endReasonOf(c)) === 'active' &&
      STILL_LOOKING.includes(family.status) &&
      family.rehousing?.cohabitationId !== String(c._id)
    )
      return false;
    if (!(await partnerToldOf(this.deps, 'ended', c))) return false;
    if (isSafetyEnding(c) ? !(await this.store.jobDone(safetyJob(c))) : ['occupied', 'reserved'].includes(offer.status) && !(await this.movedOn('offerId', c)))
      return false;
    return (await householdsTold(this.deps, c)) && !(await this.proposals.holdsLocks(c.proposalId));
  }

  /** Scheduled: finishes every transition a crash left half-done; returns how many it worked on. */
  async sweep(now = new Date()): Promise<number> {
    const since = new Date(now.getTime() - SWEEP_ENDED_DAYS * 86_400_000);
    const candidates = [...(await this.store.inStatuses(['agreement', 'trial', 'active'])), ...(await this.store.endedSince(since))];
    let worked = 0;
    for (const c of candidates) {
      if (await this.isDone(c)) continue;
      await this.complete(SYSTEM, c);
      worked++;
    }
    return worked;
  }
}
