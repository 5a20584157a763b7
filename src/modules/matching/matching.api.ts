// JSON API of matching (SPEC §9): matches with reasons, the plan, proposals and answers, weights.
import { Router } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { ValidationError } from '../../kernel/errors.js';
import { compileValidator } from '../../kernel/validation.js';
import { actorOf } from '../../kernel/auth/actor.js';
import type { FamilyService, OfferService } from '../intake/index.js';
import type { CandidatesService, PairRef } from './candidates.service.js';
import { presentProposal } from './proposal.presenters.js';
import type { ProposalService } from './proposal.service.js';
import { currentWeights, saveWeights, validateWeights } from './weights.js';

const objectId = { type: 'string', pattern: '^[0-9a-fA-F]{24}$' } as const;
const pairList = {
  type: 'array',
  maxItems: 500,
  items: { type: 'object', additionalProperties: false, required: ['familyId', 'offerId'], properties: { familyId: objectId, offerId: objectId } },
} as const;

interface PlanInput {
  locked?: PairRef[];
  forbidden?: PairRef[];
}
const validatePlan = compileValidator<PlanInput>({
  type: 'object',
  additionalProperties: false,
  properties: { locked: { ...pairList, nullable: true }, forbidden: { ...pairList, nullable: true } },
});

interface ProposalInput {
  familyId: string;
  offerId: string;
  message?: string | null;
}
const validateProposal = compileValidator<ProposalInput>({
  type: 'object',
  additionalProperties: false,
  required: ['familyId', 'offerId'],
  properties: { familyId: objectId, offerId: objectId, message: { type: 'string', maxLength: 2000, nullable: true } },
});

interface CancelInput {
  reason: string;
}
const validateCancel = compileValidator<CancelInput>({
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: { type: 'string', maxLength: 2000 } },
});

interface ResponseInput {
  decision: 'accept' | 'decline';
  reason?: string | null;
  party?: 'family' | 'host' | null;
}
const validateResponse = compileValidator<ResponseInput>({
  type: 'object',
  additionalProperties: false,
  required: ['decision'],
  properties: {
    decision: { type: 'string', enum: ['accept', 'decline'] },
    reason: { type: 'string', maxLength: 2000, nullable: true },
    party: { type: 'string', enum: ['family', 'host'], nullable: true },
  },
});

function listOptions(query: Record<string, unknown>) {
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new ValidationError([{ path: '/limit', messageKey: 'validation.maximum', params: { limit: 500 } }]);
  const flag = query.includeIneligible;
  if (flag !== undefined && flag !== 'true' && flag !== 'false')
    throw new ValidationError([{ path: '/includeIneligible', messageKey: 'validation.type.boolean' }]);
  return { limit, includeIneligible: flag === 'true' };
}

export function matchingApi(candidates: CandidatesService, proposals: ProposalService, families: FamilyService, offers: OfferService): Router {
  const api = Router();
  const staff = allow('worker', 'coordinator');

  api.get('/families/:id/matches', staff, async (req, res) => {
    const { items } = await candidates.forFamily(actorOf(req), String(req.params.id), { ...listOptions(req.query), lang: req.lang });
    res.json({ items: items.map(({ offer: _offer, ...item }) => item) });
  });

  api.get('/offers/:id/matches', staff, async (req, res) => {
    const { items } = await candidates.forOffer(actorOf(req), String(req.params.id), { ...listOptions(req.query), lang: req.lang });
    res.json({ items: items.map(({ family: _family, ...item }) => item) });
  });

  api.post('/matching/plan', staff, async (req, res) => {
    const input = validatePlan(req.body ?? {});
    const { families: _f, offers: _o, ...result } = await candidates.plan(actorOf(req), { locked: input.locked ?? [], forbidden: input.forbidden ?? [] });
    res.json(result);
  });

  api.get('/matching/weights', staff, async (_req, res) => {
    res.json({ weights: await currentWeights() });
  });

  api.put('/matching/weights', allow('coordinator'), async (req, res) => {
    const weights = validateWeights(req.body);
    await saveWeights(weights, actorOf(req).id);
    res.json({ weights });
  });

  api.post('/proposals', staff, async (req, res) => {
    const proposal = await proposals.create(actorOf(req), validateProposal(req.body), req.lang);
    res.status(201).json({
      id: String(proposal._id),
      status: proposal.status,
      familyId: proposal.familyId,
      offerId: proposal.offerId,
      expiresAt: proposal.expiresAt,
      score: proposal.score,
    });
  });

  api.get('/proposals', allow('parent', 'host', 'worker', 'coordinator'), async (req, res) => {
    const actor = actorOf(req);
    const status = typeof req.query.status === 'string' ? req.query.status : undefined;
    const list = await proposals.list(actor, { status });
    const items = await Promise.all(
      list.map(async (p) => {
        const side = actor.role === 'parent' ? 'family' : actor.role === 'host' ? 'host' : 'staff';
        return presentProposal(p, side, await families.load(p.familyId), await offers.load(p.offerId));
      }),
    );
    res.json({ items });
  });

  api.get('/proposals/:id', allow('parent', 'host', 'worker', 'coordinator'), async (req, res) => {
    const { proposal, side } = await proposals.get(actorOf(req), String(req.params.id));
    res.json(presentProposal(proposal, side ?? 'staff', await families.load(proposal.familyId), await offers.load(proposal.offerId)));
  });

  api.post('/proposals/:id/responses', allow('parent', 'host', 'worker', 'coordinator'), async (req, res) => {
    const actor = actorOf(req);
    const proposal = await proposals.respond(actor, String(req.params.id), validateResponse(req.body));
    const side = actor.role === 'parent' ? 'family' : actor.role === 'host' ? 'host' : 'staff';
    res.json(presentProposal(proposal, side, await families.load(proposal.familyId), await offers.load(proposal.offerId)));
  });

  api.post('/proposals/:id/cancel', staff, async (req, res) => {
    const { reason } = validateCancel(req.body);
    if (!reason.trim()) throw new ValidationError([{ path: '/reason', messageKey: 'matching.proposal.reasonRequired' }]);
    const proposal = await proposals.cancel(actorOf(req), String(req.params.id), reason.trim());
    res.json({ id: String(proposal._id), status: proposal.status });
  });

  return api;
}
