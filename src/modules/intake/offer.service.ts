// Offers: hosts' applications and their lifecycle (SPEC §3, §4), plus the worker's casework on
// them (references, criminal-record extracts seen). Conformity records inspection outcomes here.
import { ForbiddenError, NotFoundError, RuleViolation, ValidationError } from '../../kernel/errors.js';
import { audit } from '../../kernel/audit/audit.service.js';
import { isStaff, type Actor } from './actor.js';
import type { OfferReviewInput } from './casework.schemas.js';
import { HostScreening } from './host-screening.service.js';
import { assertSubmissionRules } from './submission.rules.js';
import { policyFor } from '../../kernel/policy.js';
import { personKeys, searchTextOf } from './family.rules.js';
import { assertTransition, OFFER_TRANSITIONS, transitionRefused, stepFrom } from './lifecycle.js';
import { OfferModel, type OfferRecord, type StoredOffer } from './offer.model.js';
import { hostSubject, OFFER_SEALED_PATHS } from './offer.sealed.js';
import { inspectionValid, offerCoherence, offerSubmissionProblems } from './offer.rules.js';
import { validateOfferDraft, type OfferDraft } from './offer.schemas.js';
import { duplicatesAmong, type Duplicate } from './duplicates.js';
import { pageOf, RecordStore } from './record-store.js';
import { assertStaffAccount } from './staff.js';
import { deepMerge } from '../../kernel/deep-merge.js';
import type { OfferStatus } from './vocabulary.js';

export interface OfferFilters {
  status?: OfferStatus;
  commune?: string;
  q?: string;
  assignedTo?: string;
  limit?: number;
  offset?: number;
}

export interface InspectionOutcome {
  inspectionId: string;
  outcome: 'conform' | 'conform_with_remarks' | 'non_conform';
  ruleSet: string;
  performedAt: Date;
  validUntil: Date | null;
  remarksDeadline: Date | null;
  /** The rooms and surface measured at the visit: they replace the declared ones for matching (SPEC §6.2). */
  measured?: { dwellingSurfaceM2: number; rooms: { kind: string; surfaceM2: number; ceilingHeightM?: number | null }[] } | null;
}

function derived(app: OfferDraft) {
  return { duplicateKeys: personKeys(app.host), searchText: `${searchTextOf(app.host)} ${app.address?.street ?? ''}`.trim().toLowerCase() };
}

function paths(patch: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(patch).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? paths(v as Record<string, unknown>, `${prefix}/${k}`) : [`${prefix}/${k}`],
  );
}

/** The order of lists (oldest submission first, then latest change). */
const LIST_ORDER: [(doc: OfferRecord) => unknown, 1 | -1][] = [
  [(d) => d.submittedAt, 1],
  [(d) => d.updatedAt, -1],
];

export class OfferService {
  /** The records (record-store.ts): intake's services reach storage only through it; lists read its exact in-process copy. */
  readonly store = new RecordStore<OfferRecord, StoredOffer>(OfferModel, 'offer', 'offers', hostSubject, OFFER_SEALED_PATHS);
  /** References, extracts seen, suspension and its review (host-screening.service.ts). */
  readonly screening = new HostScreening(this);

  async load(id: string): Promise<OfferRecord> {
    const doc = await this.store.find(id);
    if (!doc) throw new NotFoundError();
    return doc;
  }

  canSee(actor: Actor, doc: OfferRecord): boolean {
    return isStaff(actor) || (actor.role === 'host' && doc.ownerUserId === actor.id);
  }

  canEdit(actor: Actor, doc: OfferRecord): boolean {
    if (!this.canSee(actor, doc) || doc.status === 'closed') return false;
    // A host changes the offer freely before inspection; after, through their worker (the inspection covers what was declared).
    return isStaff(actor) || ['draft', 'submitted', 'paused'].includes(doc.status);
  }

  async get(actor: Actor, id: string): Promise<OfferRecord> {
    const doc = await this.load(id);
    if (!this.canSee(actor, doc)) throw new NotFoundError();
    if (isStaff(actor))
      await audit({ actorId: actor.id, actorRole: actor.role, action: 'offer.read', targetType: 'offer', targetId: id, fields: ['application', 'casework'] });
    return doc;
  }

  async create(actor: Actor, body: unknown): Promise<OfferRecord> {
    const app = validateOfferDraft(body);
    const problems = offerCoherence(app);
    if (problems.length) throw new ValidationError(problems);
    const now = new Date();
    const created = await this.store.insert({
      application: app,
      status: 'draft',
      ownerUserId: actor.role === 'host' ? actor.id : null,
      createdBy: { id: actor.id, role: actor.role },
      assignedWorkerId: actor.role === 'worker' ? actor.id : null,
      ...derived(app),
      events: [{ at: now, actorId: actor.id, actorRole: actor.role, type: 'created', to: 'draft', fields: paths(app) }],
    });
    await audit({ actorId: actor.id, actorRole: actor.role, action: 'offer.created', targetType: 'offer', targetId: created, fields: Object.keys(app) });
    return this.load(created);
  }

  async update(actor: Actor, id: string, body: unknown, expectedVersion?: number): Promise<OfferRecord> {
    const patch = validateOfferDraft(body);
    const doc = await this.load(id);
    if (!this.canSee(actor, doc)) throw new NotFoundError();
    if (!this.canEdit(actor, doc)) throw new ForbiddenError('intake.offer.notEditable');
    const merged = deepMerge(doc.application, patch);
    const problems = offerCoherence(merged);
    if (problems.length) throw new ValidationError(problems);
    await this.store.change({
      id,
      actor,
      expectedVersion: expectedVersion ?? doc.version,
      set: { application: merged, ...derived(merged) },
      event: { type: 'updated' },
      fields: paths(patch),
    });
    return this.load(id);
  }

  async submit(actor: Actor, id: string, expectedVersion?: number, options: { acknowledgeBenefitsWarning?: boolean } = {}): Promise<OfferRecord> {
    const doc = await this.get(actor, id);
    if (!this.canEdit(actor, doc)) throw new ForbiddenError('intake.offer.notEditable');
    assertTransition(OFFER_TRANSITIONS, doc.status, 'submitted');
    const problems = offerSubmissionProblems(doc.application);
    if (problems.length) throw new ValidationError(problems, 'intake.offer.incomplete');
    assertSubmissionRules({
      acknowledged: options.acknowledgeBenefitsWarning === true,
      referralConsent: null,
      latestDate: { path: '/availability/from', day: doc.application.availability?.from, notBefore: -policyFor().submission.offerAvailabilityMaxPastDays },
    });
    const now = new Date();
    await this.store.change({
      id,
      actor,
      expectedVersion: expectedVersion ?? doc.version,
      guard: (current) => assertTransition(OFFER_TRANSITIONS, current.status as OfferStatus, 'submitted'),
      set: { status: 'submitted', submittedAt: now, benefitsWarningAcknowledgedAt: now },
      event: { type: 'submitted', from: doc.status, to: 'submitted' },
      fields: ['/status'],
    });
    return this.load(id);
  }

  /** Staff: pause (back later), resume (to available if its inspection is still valid, else submitted), close. */
  async review(actor: Actor, id: string, input: OfferReviewInput, expectedVersion?: number): Promise<OfferRecord> {
    const doc = await this.get(actor, id);
    if (doc.status === 'suspended') throw new RuleViolation(409, 'OFFER_SUSPENDED');
    const reason = input.reason?.trim() || null;
    if (input.decision !== 'resume' && !reason) throw new ValidationError([{ path: '/reason', messageKey: 'intake.review.reasonRequired' }]);
    const valid = inspectionValid(doc);
    const to: OfferStatus = input.decision === 'pause' ? 'paused' : input.decision === 'close' ? 'closed' : valid ? 'available' : 'submitted';
    if (input.decision === 'resume' && doc.status !== 'paused') throw transitionRefused(doc.status, to);
    assertTransition(OFFER_TRANSITIONS, doc.status, to);
    await this.store.change({
      id,
      actor,
      expectedVersion,
      guard: (current) => {
        if (current.status === 'suspended') throw new RuleViolation(409, 'OFFER_SUSPENDED');
        assertTransition(OFFER_TRANSITIONS, current.status as OfferStatus, to);
      },
      set: { status: to, statusReason: reason },
      event: { type: `review.${input.decision}`, from: doc.status, to, reason },
      fields: ['/status'],
    });
    return this.load(id);
  }

  /** For the other modules: a status change checked against SPEC §3. */
  /** One idempotent step of a multi-record transition (lifecycle.ts `stepFrom`): moves the offer only from one of `from`. */
  moveFrom(actor: Actor, id: string, from: readonly OfferStatus[], to: OfferStatus, reason: string | null = null): Promise<boolean> {
    return stepFrom(
      () => this.load(id),
      from,
      to,
      () => this.transition(actor, id, to, reason),
    );
  }

  /** A suspended offer leaves `suspended` only by a coordinator's review (host-screening.service.ts), never here. */
  async transition(actor: Actor, id: string, to: OfferStatus, reason: string | null = null): Promise<void> {
    const doc = await this.load(id);
    const allowed = (status: OfferStatus) => {
      if (status === 'suspended') throw new RuleViolation(409, 'OFFER_SUSPENDED');
      assertTransition(OFFER_TRANSITIONS, status, to);
    };
    allowed(doc.status);
    await this.store.change({
      id,
      actor,
      guard: (current) => allowed(current.status as OfferStatus),
      set: { status: to, statusReason: reason },
      event: { type: 'status', from: doc.status, to, reason },
      fields: ['/status'],
    });
  }

  /**
   * Conformity's outcome, recorded on the offer so matching reads it without importing conformity.
   * From `inspection` (or `available`, a re-inspection): conform (with remarks or not) → available,
   * non-conform → non_conform. A reserved or occupied offer keeps its status; its new inspection is kept.
   */
  async recordInspection(actor: Actor, id: string, outcome: InspectionOutcome): Promise<void> {
    const doc = await this.load(id);
    const target: OfferStatus = outcome.outcome === 'non_conform' ? 'non_conform' : 'available';
    // A suspended offer keeps its status too: only a coordinator's review lifts it.
    const to: OfferStatus = doc.status === 'reserved' || doc.status === 'occupied' || doc.status === 'suspended' ? doc.status : target;
    const check = (status: OfferStatus) => {
      if (status !== to) assertTransition(OFFER_TRANSITIONS, status, to);
    };
    check(doc.status);
    await this.store.change({
      id,
      actor,
      guard: (current) => check(current.status as OfferStatus),
      set: { status: to, inspection: outcome, statusReason: to === 'non_conform' ? outcome.outcome : to === 'suspended' ? doc.statusReason : null },
      event: { type: 'inspection', from: doc.status, to, reason: outcome.outcome },
      fields: ['/status', '/inspection'],
    });
  }

  /** For matching: every offer in these statuses (no paging; the engine works on the whole set). */
  async inStatuses(statuses: OfferStatus[]): Promise<OfferRecord[]> {
    // The same array while nothing changed: matching remembers what it derives from it.
    return this.store.where(`status:${statuses.join(',')}`, (d) => statuses.includes(d.status));
  }

  /** Offers whose conform inspection ends before a date (reminders, expiry), in the given statuses. */
  async withInspectionEndingBefore(date: Date, statuses: OfferStatus[]): Promise<OfferRecord[]> {
    const ending = (await this.store.all()).filter((d) => statuses.includes(d.status) && d.inspection?.validUntil && new Date(d.inspection.validUntil) < date);
    return ending.slice(0, 1000);
  }

  async list(actor: Actor, filters: OfferFilters): Promise<{ items: OfferRecord[]; total: number }> {
    if (!isStaff(actor) && actor.role !== 'host') return { items: [], total: 0 };
    const q = filters.q?.trim().toLowerCase().slice(0, 100);
    // Filtering the copy's list sorted once keeps its order: no sort per request.
    const found = (await this.store.sorted('list', LIST_ORDER)).filter(
      (d) =>
        (actor.role !== 'host' || d.ownerUserId === actor.id) &&
        (!filters.status || d.status === filters.status) &&
        (!filters.commune || d.application?.address?.commune === filters.commune) &&
        (!filters.assignedTo || d.assignedWorkerId === filters.assignedTo) &&
        (!q || (d.searchText ?? '').includes(q)),
    );
    return pageOf(found, filters);
  }

  /** The list as the JSON API gives it to staff: audited once per request with every record returned (SPEC §8). */
  async listRead(actor: Actor, filters: OfferFilters): Promise<{ items: OfferRecord[]; total: number }> {
    const found = await this.list(actor, filters);
    await this.store.auditListRead(actor, found.items);
    return found;
  }

  async assign(actor: Actor, id: string, workerId: string, expectedVersion?: number): Promise<OfferRecord> {
    const doc = await this.get(actor, id);
    await assertStaffAccount(workerId);
    await this.store.change({
      id,
      actor,
      expectedVersion: expectedVersion ?? doc.version,
      set: { assignedWorkerId: workerId },
      event: { type: 'assigned' },
      fields: ['/casework/assignedWorkerId'],
    });
    return this.load(id);
  }

  async duplicatesOf(doc: OfferRecord): Promise<Duplicate[]> {
    return (await this.duplicatesOfPage([doc]))[0]!;
  }

  /** The duplicates of each record of a page. */
  async duplicatesOfPage(docs: OfferRecord[]): Promise<Duplicate[][]> {
    return duplicatesAmong(await this.store.all(), docs);
  }

  /** Ids of the records matching a server-side filter (retention); callers build it with trusted(). */
  async idsWhere(filter: Record<string, unknown>): Promise<string[]> {
    return this.store.idsWhere(filter);
  }
}
