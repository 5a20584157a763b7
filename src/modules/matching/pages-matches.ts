// Worker pages of matching (SPEC §5): a family's ranked homes, two homes side by side, an offer's
// ranked families, and proposing a pair from them. Thin: read → call the service → render/redirect.
import type { Request, Router } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { ValidationError } from '../../kernel/errors.js';
import { flash, formBody, formHandler, redirectWithErrors } from '../../kernel/http/forms.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { Actor } from '../intake/index.js';
import type { MatchingPageServices } from './matching.pages.js';
import { onElement, readComparison, readProposal } from './pages-forms.js';
import { candidateView, familyFacts, offerFacts } from './pages-views.js';
import { isObjectId } from '../../kernel/db/object-id.js';
import { LISTED_OFFERS } from './candidates.service.js';

/** Generous: a worker sees every listed home (or family), not a top ten. */
const LIMIT = 500;

export function matchPages(pages: Router, services: MatchingPageServices): void {
  const { candidates, proposals, families, offers } = services;
  const staff = allow('worker', 'coordinator');
  const familyPath = (req: Request) => `/work/families/${encodeURIComponent(String(req.params.id))}`;
  const offerPath = (req: Request) => `/work/offers/${encodeURIComponent(String(req.params.id))}`;

  /** The pending or accepted proposal of a family or an offer, if any (a link on the page). */
  async function openProposal(actor: Actor, side: 'familyId' | 'offerId', id: string) {
    for (const status of ['pending', 'accepted'] as const) {
      const found = (await proposals.list(actor, { status })).find((p) => p[side] === id);
      if (found) return { id: String(found._id), status: found.status };
    }
    return null;
  }

  // ---- A family's homes ----

  pages.get('/work/families/:id/matches', staff, async (req, res) => {
    const actor = actorOf(req);
    const id = String(req.params.id);
    let found: Awaited<ReturnType<typeof candidates.forFamily>> | null = null;
    try {
      found = await candidates.forFamily(actor, id, { limit: LIMIT, includeIneligible: true, lang: req.lang });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error; // an incomplete application: said on the page
    }
    const family = found?.family ?? (await families.get(actor, id));
    const [taken, current] = await Promise.all([proposals.taken(), openProposal(actor, 'familyId', id)]);
    const items = (found?.items ?? []).map((item) => candidateView(item, offerFacts(item.offer, req.lang), taken.offers.has(String(item.offer._id))));
    res.render('matching/family-matches.njk', {
      family: familyFacts(family, req.lang),
      incomplete: !found,
      current,
      eligible: items.filter((i) => i.eligible),
      ineligible: items.filter((i) => !i.eligible),
    });
  });

  pages.get('/work/families/:id/compare', staff, async (req, res) => {
    const actor = actorOf(req);
    const id = String(req.params.id);
    const family = await families.get(actor, id);
    let ids: [string, string];
    try {
      ids = readComparison(req.query);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      redirectWithErrors(req, res, `${familyPath(req)}/matches`, error, {});
      return;
    }
    const docs = await Promise.all(ids.map((offerId) => offers.get(actor, offerId)));
    if (docs.some((d) => !(LISTED_OFFERS as readonly string[]).includes(d.status))) {
      redirectWithErrors(
        req,
        res,
        `${familyPath(req)}/matches`,
        new ValidationError([{ path: '/compare', messageKey: 'matching.pages.errors.notComparable' }]),
        {},
      );
      return;
    }
    let pairs;
    try {
      pairs = await Promise.all(docs.map((offer) => candidates.pair(id, String(offer._id), family, offer, req.lang)));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      redirectWithErrors(req, res, `${familyPath(req)}/matches`, new ValidationError([{ path: '/compare', messageKey: 'matching.familyIncomplete' }]), {});
      return;
    }
    const taken = await proposals.taken();
    const columns = pairs.map((pair, k) => candidateView(pair, offerFacts(docs[k]!, req.lang), taken.offers.has(pair.offerId)));
    res.render('matching/compare.njk', { family: familyFacts(family, req.lang), columns, anyProposable: columns.some((c) => c.eligible && !c.taken) });
  });

  pages.post(
    '/work/families/:id/proposals',
    staff,
    formHandler(
      (req) => `${familyPath(req)}/matches`,
      async (req, res) => {
        const posted = formBody(req).offerId;
        const offerId = isObjectId(posted) ? posted : '';
        const input = readProposal(req, 'offerId', `message-${offerId}`);
        const keep = (path: string) => path === `/message-${offerId}`;
        const proposal = await onElement(
          `offer-${input.id}`,
          () => proposals.create(actorOf(req), { familyId: String(req.params.id), offerId: input.id, message: input.message }, req.lang),
          keep,
        );
        flash(req, 'matching.pages.flash.proposed');
        res.redirect(303, `/proposals/${String(proposal._id)}`);
      },
    ),
  );

  // ---- An offer's families ----

  pages.get('/work/offers/:id/matches', staff, async (req, res) => {
    const actor = actorOf(req);
    const id = String(req.params.id);
    const { offer, items } = await candidates.forOffer(actor, id, { limit: LIMIT, includeIneligible: true, lang: req.lang });
    const [taken, current] = await Promise.all([proposals.taken(), openProposal(actor, 'offerId', id)]);
    const cards = items.map((item) => candidateView(item, familyFacts(item.family, req.lang), taken.families.has(String(item.family._id))));
    res.render('matching/offer-matches.njk', {
      offer: offerFacts(offer, req.lang),
      current,
      eligible: cards.filter((i) => i.eligible),
      ineligible: cards.filter((i) => !i.eligible),
    });
  });

  pages.post(
    '/work/offers/:id/proposals',
    staff,
    formHandler(
      (req) => `${offerPath(req)}/matches`,
      async (req, res) => {
        const posted = formBody(req).familyId;
        const familyId = isObjectId(posted) ? posted : '';
        const input = readProposal(req, 'familyId', `message-${familyId}`);
        const keep = (path: string) => path === `/message-${familyId}`;
        const proposal = await onElement(
          `family-${input.id}`,
          () => proposals.create(actorOf(req), { familyId: input.id, offerId: String(req.params.id), message: input.message }, req.lang),
          keep,
        );
        flash(req, 'matching.pages.flash.proposed');
        res.redirect(303, `/proposals/${String(proposal._id)}`);
      },
    ),
  );
}
