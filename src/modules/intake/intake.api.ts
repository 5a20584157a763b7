// JSON API of intake (SPEC §9): families and offers, their lifecycle, and the worker's casework.
import { Router, type Request, type RequestHandler, type Response } from 'express';
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
import { actorOf, isStaff, type Actor } from '../../kernel/auth/actor.js';
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

/** What the API does alike for families and offers: create, list, read, change and send a record. */
interface RecordRoutes<D> {
  path: 'families' | 'offers';
  roles: RequestHandler;
  present(doc: D, actor: Actor): object;
  presentInList(doc: D, actor: Actor): unknown;
  /** Shown to staff with the record: the records that may be the same person or home. */
  duplicatesOf(doc: D): Promise<unknown>;
  create(actor: Actor, body: unknown): Promise<D>;
  list(actor: Actor, query: Request['query']): Promise<{ items: D[]; total: number }>;
  get(actor: Actor, id: string): Promise<D>;
  update(actor: Actor, id: string, body: unknown, expectedVersion: number | undefined): Promise<D>;
  submit(actor: Actor, id: string, acknowledgeBenefitsWarning: boolean | undefined, expectedVersion: number | undefined): Promise<D>;
}

/** The record as the reader may see it, its version as the ETag (the If-Match of the next change). */
function sender<D extends { version: number }>(routes: Pick<RecordRoutes<D>, 'present' | 'duplicatesOf'>) {
  return async (res: Response, doc: D, actor: Actor, status = 200): Promise<void> => {
    const body: Record<string, unknown> = { ...routes.present(doc, actor) };
    if (isStaff(actor)) body.duplicates = await routes.duplicatesOf(doc);
    res.status(status).setHeader('ETag', `"${doc.version}"`).json(body);
  };
}

/** A change to one record (`/<path>/:id/<action>`): `act` validates the body and calls the service; the record is sent back. */
type Action<D> = (
  method: 'post' | 'put',
  action: string,
  guard: RequestHandler,
  act: (actor: Actor, id: string, req: Request) => Promise<D>,
  status?: number,
) => void;

function recordRoutes<D extends { version: number }>(api: Router, routes: RecordRoutes<D>): Action<D> {
  const send = sender(routes);
  const { path, roles } = routes;
  api.post(`/${path}`, roles, async (req, res) => {
    const actor = actorOf(req);
    await send(res, await routes.create(actor, req.body), actor, 201);
  });
  api.get(`/${path}`, roles, async (req, res) => {
    const actor = actorOf(req);
    const { items, total } = await routes.list(actor, req.query);
    res.json({ items: items.map((doc) => routes.presentInList(doc, actor)), total });
  });
  api.get(`/${path}/:id`, roles, async (req, res) => {
    const actor = actorOf(req);
    await send(res, await routes.get(actor, String(req.params.id)), actor);
  });
  api.patch(`/${path}/:id`, roles, async (req, res) => {
    const actor = actorOf(req);
    await send(res, await routes.update(actor, String(req.params.id), req.body, expectedVersion(req)), actor);
  });
  api.post(`/${path}/:id/submit`, roles, async (req, res) => {
    const actor = actorOf(req);
    const input = validateSubmit(req.body ?? {});
    await send(res, await routes.submit(actor, String(req.params.id), input.acknowledgeBenefitsWarning ?? undefined, expectedVersion(req)), actor);
  });
  return (method, action, guard, act, status = 200) => {
    api[method](`/${path}/:id/${action}`, guard, async (req, res) => {
      const actor = actorOf(req);
      await send(res, await act(actor, String(req.params.id), req), actor, status);
    });
  };
}

export function intakeApi(families: FamilyService, casework: FamilyCaseworkService, offers: OfferService): Router {
  const api = Router();
  const staff = allow(...STAFF);

  const familyAction = recordRoutes<FamilyRecord>(api, {
    path: 'families',
    roles: allow('parent', 'partner', ...STAFF),
    present: presentFamily,
    presentInList: presentFamilyInList,
    duplicatesOf: (doc) => families.duplicatesOf(doc),
    create: (actor, body) => families.create(actor, body),
    list: (actor, query) => families.listRead(actor, parseFamilyQuery(query)),
    get: (actor, id) => families.get(actor, id),
    update: (actor, id, body, version) => families.update(actor, id, body, version),
    submit: (actor, id, acknowledgeBenefitsWarning, version) => families.submit(actor, id, { acknowledgeBenefitsWarning, expectedVersion: version }),
  });
  familyAction('post', 'review', staff, (actor, id, req) => {
    const input = validateReview(req.body);
    return families.review(actor, id, input.decision, input.reason ?? undefined, expectedVersion(req));
  });
  familyAction('put', 'assignment', staff, (actor, id, req) => casework.assign(actor, id, validateAssignment(req.body), expectedVersion(req)));
  familyAction('post', 'interviews', staff, (actor, id, req) => casework.addInterview(actor, id, validateInterview(req.body)), 201);
  familyAction('put', 'network', staff, (actor, id, req) => casework.setNetwork(actor, id, validateNetwork(req.body), expectedVersion(req)));
  familyAction('post', 'isolation', staff, (actor, id, req) => casework.recordIsolation(actor, id, validateIsolation(req.body)), 201);
  familyAction('put', 'bedrooms', staff, (actor, id, req) => casework.overrideBedrooms(actor, id, validateBedroomsOverride(req.body), expectedVersion(req)));
  familyAction('put', 'exclusions', staff, (actor, id, req) => casework.setExclusions(actor, id, validateExclusions(req.body), expectedVersion(req)));

  const offerAction = recordRoutes<OfferRecord>(api, {
    path: 'offers',
    roles: allow('host', ...STAFF),
    present: presentOffer,
    presentInList: presentOfferInList,
    duplicatesOf: (doc) => offers.duplicatesOf(doc),
    create: (actor, body) => offers.create(actor, body),
    list: (actor, query) => offers.listRead(actor, parseOfferQuery(query)),
    get: (actor, id) => offers.get(actor, id),
    update: (actor, id, body, version) => offers.update(actor, id, body, version),
    submit: (actor, id, acknowledged, version) => offers.submit(actor, id, version, { acknowledgeBenefitsWarning: acknowledged === true }),
  });
  const coordinator = allow('coordinator');
  offerAction('post', 'review', staff, (actor, id, req) => offers.review(actor, id, validateOfferReview(req.body), expectedVersion(req)));
  offerAction('post', 'references', staff, (actor, id, req) => offers.screening.addReference(actor, id, validateReference(req.body)), 201);
  offerAction('post', 'record-checks', staff, (actor, id, req) => offers.screening.recordCheck(actor, id, validateRecordCheck(req.body)), 201);
  offerAction('post', 'references/:index/resolution', coordinator, (actor, id, req) => {
    const index = Number(req.params.index);
    if (!Number.isInteger(index) || index < 0) throw new NotFoundError();
    return offers.screening.resolveReference(actor, id, index, validateReferenceResolution(req.body).reason);
  });
  api.get('/offers/:id/screening', staff, async (req, res) => {
    res.json(await offers.screening.get(actorOf(req), String(req.params.id)));
  });
  offerAction('post', 'suspension-review', coordinator, (actor, id, req) =>
    offers.screening.reviewSuspension(actor, id, validateSuspensionReview(req.body), expectedVersion(req)),
  );
  offerAction('put', 'assignment', staff, (actor, id, req) => offers.assign(actor, id, validateAssignment(req.body).workerId, expectedVersion(req)));

  return api;
}
