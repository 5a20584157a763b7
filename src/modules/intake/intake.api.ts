// JSON API of intake (SPEC §9): families and offers, their lifecycle, and the worker's casework.
import { Router, type Response } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { compileValidator } from '../../kernel/validation.js';
import { NotFoundError } from '../../kernel/errors.js';
import {
  validateAssignment,
  validateBedroomsOverride,
  validateExclusions,
  validateInterview,
  validateIsolation,
  validateNetwork,
  validateOfferReview,
  validateRecordCheck,
  validateReference,
  validateReferenceResolution,
  validateReview,
  validateSuspensionReview,
} from './casework.schemas.js';
import type { FamilyCaseworkService } from './family-casework.service.js';
import type { FamilyRecord } from './family.model.js';
import { presentFamily, presentFamilyInList } from './family.presenters.js';
import type { FamilyService } from './family.service.js';
import { actorOf } from '../../kernel/auth/actor.js';
import { expectedVersion, parseFamilyQuery, parseOfferQuery } from './http.js';
import type { OfferRecord } from './offer.model.js';
import { presentOffer, presentOfferInList } from './offer.presenters.js';
import type { OfferService } from './offer.service.js';

const STAFF = ['worker', 'coordinator'] as const;

interface SubmitInput {
  acknowledgeBenefitsWarning?: boolean;
}
const validateSubmit = compileValidator<SubmitInput>({
  type: 'object',
  additionalProperties: false,
  properties: { acknowledgeBenefitsWarning: { type: 'boolean', nullable: true } },
});

export function intakeApi(families: FamilyService, casework: FamilyCaseworkService, offers: OfferService): Router {
  const api = Router();
  const familyRoles = allow('parent', 'partner', ...STAFF);
  const offerRoles = allow('host', ...STAFF);
  const staff = allow(...STAFF);

  const sendFamily = async (res: Response, doc: FamilyRecord, actor: ReturnType<typeof actorOf>, status = 200) => {
    const body: Record<string, unknown> = presentFamily(doc, actor);
    if (actor.role === 'worker' || actor.role === 'coordinator') body.duplicates = await families.duplicatesOf(doc);
    res.status(status).setHeader('ETag', `"${doc.version}"`).json(body);
  };
  const sendOffer = async (res: Response, doc: OfferRecord, actor: ReturnType<typeof actorOf>, status = 200) => {
    const body: Record<string, unknown> = presentOffer(doc, actor);
    if (actor.role === 'worker' || actor.role === 'coordinator') body.duplicates = await offers.duplicatesOf(doc);
    res.status(status).setHeader('ETag', `"${doc.version}"`).json(body);
  };

  api.post('/families', familyRoles, async (req, res) => {
    const actor = actorOf(req);
    await sendFamily(res, await families.create(actor, req.body), actor, 201);
  });
  api.get('/families', familyRoles, async (req, res) => {
    const actor = actorOf(req);
    const { items, total } = await families.listRead(actor, parseFamilyQuery(req.query));
    res.json({ items: items.map((doc) => presentFamilyInList(doc, actor)), total });
  });
  api.get('/families/:id', familyRoles, async (req, res) => {
    const actor = actorOf(req);
    await sendFamily(res, await families.get(actor, String(req.params.id)), actor);
  });
  api.patch('/families/:id', familyRoles, async (req, res) => {
    const actor = actorOf(req);
    await sendFamily(res, await families.update(actor, String(req.params.id), req.body, expectedVersion(req)), actor);
  });
  api.post('/families/:id/submit', familyRoles, async (req, res) => {
    const actor = actorOf(req);
    const input = validateSubmit(req.body ?? {});
    await sendFamily(res, await families.submit(actor, String(req.params.id), { acknowledgeBenefitsWarning: input.acknowledgeBenefitsWarning ?? undefined, expectedVersion: expectedVersion(req) }), actor);
  });
  api.post('/families/:id/review', staff, async (req, res) => {
    const actor = actorOf(req);
    const input = validateReview(req.body);
    await sendFamily(res, await families.review(actor, String(req.params.id), input.decision, input.reason ?? undefined, expectedVersion(req)), actor);
  });
  api.put('/families/:id/assignment', staff, async (req, res) => {
    const actor = actorOf(req);
    await sendFamily(res, await casework.assign(actor, String(req.params.id), validateAssignment(req.body), expectedVersion(req)), actor);
  });
  api.post('/families/:id/interviews', staff, async (req, res) => {
    const actor = actorOf(req);
    await sendFamily(res, await casework.addInterview(actor, String(req.params.id), validateInterview(req.body)), actor, 201);
  });
  api.put('/families/:id/network', staff, async (req, res) => {
    const actor = actorOf(req);
    await sendFamily(res, await casework.setNetwork(actor, String(req.params.id), validateNetwork(req.body), expectedVersion(req)), actor);
  });
  api.post('/families/:id/isolation', staff, async (req, res) => {
    const actor = actorOf(req);
    await sendFamily(res, await casework.recordIsolation(actor, String(req.params.id), validateIsolation(req.body)), actor, 201);
  });
  api.put('/families/:id/bedrooms', staff, async (req, res) => {
    const actor = actorOf(req);
    await sendFamily(res, await casework.overrideBedrooms(actor, String(req.params.id), validateBedroomsOverride(req.body), expectedVersion(req)), actor);
  });
  api.put('/families/:id/exclusions', staff, async (req, res) => {
    const actor = actorOf(req);
    await sendFamily(res, await casework.setExclusions(actor, String(req.params.id), validateExclusions(req.body), expectedVersion(req)), actor);
  });

  api.post('/offers', offerRoles, async (req, res) => {
    const actor = actorOf(req);
    await sendOffer(res, await offers.create(actor, req.body), actor, 201);
  });
  api.get('/offers', offerRoles, async (req, res) => {
    const actor = actorOf(req);
    const { items, total } = await offers.listRead(actor, parseOfferQuery(req.query));
    res.json({ items: items.map((doc) => presentOfferInList(doc, actor)), total });
  });
  api.get('/offers/:id', offerRoles, async (req, res) => {
    const actor = actorOf(req);
    await sendOffer(res, await offers.get(actor, String(req.params.id)), actor);
  });
  api.patch('/offers/:id', offerRoles, async (req, res) => {
    const actor = actorOf(req);
    await sendOffer(res, await offers.update(actor, String(req.params.id), req.body, expectedVersion(req)), actor);
  });
  api.post('/offers/:id/submit', offerRoles, async (req, res) => {
    const actor = actorOf(req);
    const input = validateSubmit(req.body ?? {});
    await sendOffer(res, await offers.submit(actor, String(req.params.id), expectedVersion(req), { acknowledgeBenefitsWarning: input.acknowledgeBenefitsWarning === true }), actor);
  });
  api.post('/offers/:id/review', staff, async (req, res) => {
    const actor = actorOf(req);
    await sendOffer(res, await offers.review(actor, String(req.params.id), validateOfferReview(req.body), expectedVersion(req)), actor);
  });
  api.post('/offers/:id/references', staff, async (req, res) => {
    const actor = actorOf(req);
    await sendOffer(res, await offers.screening.addReference(actor, String(req.params.id), validateReference(req.body)), actor, 201);
  });
  api.post('/offers/:id/record-checks', staff, async (req, res) => {
    const actor = actorOf(req);
    await sendOffer(res, await offers.screening.recordCheck(actor, String(req.params.id), validateRecordCheck(req.body)), actor, 201);
  });
  api.post('/offers/:id/references/:index/resolution', allow('coordinator'), async (req, res) => {
    const actor = actorOf(req);
    const index = Number(req.params.index);
    if (!Number.isInteger(index) || index < 0) throw new NotFoundError();
    await sendOffer(res, await offers.screening.resolveReference(actor, String(req.params.id), index, validateReferenceResolution(req.body).reason), actor);
  });
  api.get('/offers/:id/screening', staff, async (req, res) => {
    res.json(await offers.screening.get(actorOf(req), String(req.params.id)));
  });
  api.post('/offers/:id/suspension-review', allow('coordinator'), async (req, res) => {
    const actor = actorOf(req);
    await sendOffer(res, await offers.screening.reviewSuspension(actor, String(req.params.id), validateSuspensionReview(req.body), expectedVersion(req)), actor);
  });
  api.put('/offers/:id/assignment', staff, async (req, res) => {
    const actor = actorOf(req);
    await sendOffer(res, await offers.assign(actor, String(req.params.id), validateAssignment(req.body).workerId, expectedVersion(req)), actor);
  });

  return api;
}
