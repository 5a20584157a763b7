// The plan page (SPEC §5): the suggested one-to-one pairs of active families and available homes,
// with the worker's kept (locked) and set-aside (forbidden) pairs remembered in the session.
// A suggestion: the worker decides, and proposes a pair from here.
import type { Request, Response, Router } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { AppError } from '../../kernel/errors.js';
import { flash, formHandler } from '../../kernel/http/forms.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { Actor } from '../intake/index.js';
import type { PairRef } from './candidates.service.js';
import type { MatchingPageServices } from './matching.pages.js';
import {
  forbidPair,
  forgetSides,
  lockPair,
  onElement,
  planChoices,
  readMessage,
  readPair,
  refusedChoices,
  releasePair,
  savePlanChoices,
  type PlanChoices,
} from './pages-forms.js';
import { familyFacts, offerFacts } from './pages-views.js';
import { urgencyInPlan } from './rehousing-priority.js';

const pairId = (p: PairRef) => `pair-${p.familyId}-${p.offerId}`;

export function planPages(pages: Router, services: MatchingPageServices): void {
  const { candidates, proposals } = services;
  const staff = allow('worker', 'coordinator');

  /** The plan with the kept choices; choices the plan can no longer honour are dropped (and counted). */
  async function planWith(actor: Actor, start: PlanChoices) {
    let choices = start;
    let dropped = 0;
    for (;;) {
      try {
        return { result: await candidates.plan(actor, choices), choices, dropped };
      } catch (error) {
        // A kept pair the plan refuses now (ineligible 422, or excluded for good 409) is dropped.
        const refused = error instanceof AppError && (error.status === 422 || error.status === 409) ? refusedChoices(error, choices) : null;
        if (!refused) throw error;
        dropped += refused.locked.size + refused.forbidden.size;
        choices = { locked: choices.locked.filter((_, k) => !refused.locked.has(k)), forbidden: choices.forbidden.filter((_, k) => !refused.forbidden.has(k)) };
      }
    }
  }

  pages.get('/work/plan', staff, async (req, res) => {
    const actor = actorOf(req);
    const { result, choices, dropped } = await planWith(actor, planChoices(req));
    if (dropped > 0) savePlanChoices(req, choices);
    const familyById = new Map(result.families.map((f) => [String(f._id), familyFacts(f, req.lang)]));
    const offerById = new Map(result.offers.map((o) => [String(o._id), offerFacts(o, req.lang)]));
    const isLocked = (p: PairRef) => choices.locked.some((l) => l.familyId === p.familyId && l.offerId === p.offerId);
    const pairs = result.pairs
      .map((p) => ({
        id: pairId(p),
        family: familyById.get(p.familyId)!,
        offer: offerById.get(p.offerId)!,
        score: p.score,
        regret: p.regret,
        locked: isLocked(p),
      }))
      .sort((a, b) => urgencyInPlan(b.family.urgency ?? 0, b.family.rehousing) - urgencyInPlan(a.family.urgency ?? 0, a.family.rehousing) || b.score - a.score);
    res.render('matching/plan.njk', {
      pairs,
      forbidden: choices.forbidden.map((p) => ({ id: pairId(p), family: familyById.get(p.familyId)!, offer: offerById.get(p.offerId)! })),
      unmatchedFamilies: result.unmatchedFamilies.map((id) => familyById.get(id)!).sort((a, b) => Number(b.rehousing) - Number(a.rehousing)),
      unmatchedOffers: result.unmatchedOffers.map((id) => offerById.get(id)!),
      totalScore: result.totalScore,
      counts: { families: result.families.length, offers: result.offers.length },
      dropped,
      changed: choices.locked.length + choices.forbidden.length > 0,
    });
  });

  /** A change of the kept choices: checked against the plan at once, so a refusal shows on its pair. */
  const choice = (change: (choices: PlanChoices, pair: PairRef) => PlanChoices, message: string) =>
    formHandler(
      () => '/work/plan',
      async (req: Request, res: Response) => {
        const pair = readPair(req);
        const next = change(planChoices(req), pair);
        await onElement(pairId(pair), () => candidates.plan(actorOf(req), next));
        savePlanChoices(req, next);
        flash(req, `matching.pages.flash.${message}`);
        res.redirect(303, `/work/plan#${pairId(pair)}`);
      },
    );

  pages.post('/work/plan/lock', staff, choice(lockPair, 'locked'));
  pages.post('/work/plan/forbid', staff, choice(forbidPair, 'forbidden'));
  pages.post('/work/plan/release', staff, choice(releasePair, 'released'));

  pages.post('/work/plan/reset', staff, (req, res) => {
    savePlanChoices(req, { locked: [], forbidden: [] });
    flash(req, 'matching.pages.flash.reset');
    res.redirect(303, '/work/plan');
  });

  pages.post(
    '/work/plan/proposals',
    staff,
    formHandler(
      () => '/work/plan',
      async (req, res) => {
        const pair = readPair(req);
        const message = readMessage(req, `message-${pairId(pair)}`);
        const proposal = await onElement(pairId(pair), () => proposals.create(actorOf(req), { ...pair, message }, req.lang));
        savePlanChoices(req, forgetSides(planChoices(req), pair));
        flash(req, 'matching.pages.flash.proposed');
        res.redirect(303, `/proposals/${String(proposal._id)}`);
      },
    ),
  );
}
