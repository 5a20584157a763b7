// Families: applications and their lifecycle (SPEC §3, §4). Owns the family records; other modules
// change a family only through this service (via the module's index.ts).
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation, ValidationError, type ErrorDetail } from '../../kernel/errors.js';
import { assertSubmissionRules } from './submission.rules.js';
import { trusted } from '../../kernel/db/connection.js';
import { audit } from '../../kernel/audit/audit.service.js';
import { isStaff, SYSTEM, type Actor } from './actor.js';
import { Types } from 'mongoose';
import { seal } from '../../kernel/crypto/sealed-fields.js';
import { FamilyModel, type FamilyRecord, type StoredFamily } from './family.model.js';
import { FAMILY_SEALED_PATHS, familySubject } from './family.sealed.js';
import { computeBedrooms, familyCoherence, familySubmissionProblems, personKeys, searchTextOf } from './family.rules.js';
import { referralSchema, validateFamilyDraft, type FamilyDraft } from './family.schemas.js';
import { assertTransition, FAMILY_TRANSITIONS, REVIEW_FROM, transitionRefused, stepFrom, type ReviewDecision } from './lifecycle.js';
import { duplicatesAmong, type Duplicate } from './duplicates.js';
import { pageOf, RecordStore } from './record-store.js';
import { compileValidator } from '../../kernel/validation.js';
import { deepMerge } from '../../kernel/deep-merge.js';
import type { FamilyStatus } from './vocabulary.js';

const validateReferral = compileValidator(referralSchema);

export interface FamilyFilters {
  status?: FamilyStatus;
  commune?: string;
  urgency?: number;
  q?: string;
  assignedTo?: string;
  limit?: number;
  offset?: number;
}

export type { ReviewDecision } from './lifecycle.js';
/** Thrown by excludePairForGood's guard when another exclusion was appended since its read. */
const EXCLUSIONS_CHANGED = new Error('safety exclusions changed meanwhile');

const REVIEW_TARGET: Record<ReviewDecision, FamilyStatus> = { activate: 'active', hold: 'on_hold', reject: 'rejected' };

/** What sets a family's place in the plan (urgency factor) and the worker's order of review. */
function priorityChanged(before: FamilyDraft | undefined, after: FamilyDraft): boolean {
  return before?.situation?.urgency !== after.situation?.urgency || before?.situation?.current !== after.situation?.current;
}

/** The derived fields kept in step with the application on every change. */
function derived(app: FamilyDraft) {
  return { 'bedrooms.computed': computeBedrooms(app), duplicateKeys: personKeys(app.parent), searchText: searchTextOf(app.parent) };
}

function changedPaths(patch: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(patch).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? changedPaths(v as Record<string, unknown>, `${prefix}/${k}`) : [`${prefix}/${k}`],
  );
}

/** The order of lists (most urgent first, then oldest submission, then latest change). */
const LIST_ORDER: [(doc: FamilyRecord) => unknown, 1 | -1][] = [
  [(d) => d.application?.situation?.urgency, -1],
  [(d) => d.submittedAt, 1],
  [(d) => d.updatedAt, -1],
];

export class FamilyService {
  /** The records (record-store.ts): intake's services reach storage only through it; lists read its exact in-process copy. */
  readonly store = new RecordStore<FamilyRecord, StoredFamily>(FamilyModel, 'family', 'families', familySubject, FAMILY_SEALED_PATHS);

  async load(id: string): Promise<FamilyRecord> {
    const doc = await this.store.find(id);
    if (!doc) throw new NotFoundError();
    return doc;
  }

  canSee(actor: Actor, doc: FamilyRecord): boolean {
    if (isStaff(actor)) return true;
    if (actor.role === 'parent') return doc.ownerUserId === actor.id;
    if (actor.role === 'partner') return doc.referredBy === actor.id;
    return false;
  }

  canEdit(actor: Actor, doc: FamilyRecord): boolean {
    if (!this.canSee(actor, doc)) return false;
    if (isStaff(actor)) return doc.status !== 'closed';
    if (actor.role === 'parent') return ['draft', 'submitted', 'on_hold', 'active'].includes(doc.status);
    return doc.status === 'draft'; // a partner completes the referral until it is submitted
  }

  /** The record if this person may see it; otherwise 404 (no hint that it exists). */
  async get(actor: Actor, id: string): Promise<FamilyRecord> {
    const doc = await this.load(id);
    if (!this.canSee(actor, doc)) throw new NotFoundError();
    if (isStaff(actor))
      await audit({ actorId: actor.id, actorRole: actor.role, action: 'family.read', targetType: 'family', targetId: id, fields: ['application', 'casework'] });
    return doc;
  }

  async create(actor: Actor, body: unknown): Promise<FamilyRecord> {
    const app = validateFamilyDraft(body);
    if (actor.role === 'partner') {
      if (!app.referral) throw new ValidationError([{ path: '/referral', messageKey: 'validation.required' }]);
      validateReferral(app.referral);
      // A partner refers a family only with its consent (SPEC §4, §11).
      if (app.referral.familyConsent !== true)
        throw new RuleViolation(422, 'REFERRAL_CONSENT_MISSING', [{ path: '/referral/familyConsent', messageKey: 'rules.REFERRAL_CONSENT_MISSING' }]);
    } else if (app.referral && actor.role === 'parent') {
      throw new ValidationError([{ path: '/referral', messageKey: 'validation.unknownField' }]);
    }
    const problems = familyCoherence(app);
    if (problems.length) throw new ValidationError(problems);
    if (actor.role === 'parent') {
      const open = await this.store.exists({ ownerUserId: actor.id, status: trusted({ $nin: ['closed', 'rejected'] as FamilyStatus[] }) });
      if (open) throw new ConflictError('intake.family.alreadyApplied', [], 'ALREADY_APPLIED');
    }
    const now = new Date();
    const _id = new Types.ObjectId();
    const { application } = await seal(familySubject(String(_id)), { application: app }, FAMILY_SEALED_PATHS);
    const created = await this.store.insert({
      _id,
      application,
      status: 'draft',
      ownerUserId: actor.role === 'parent' ? actor.id : null,
      referredBy: actor.role === 'partner' ? actor.id : null,
      createdBy: { id: actor.id, role: actor.role },
      assignedWorkerId: actor.role === 'worker' ? actor.id : null,
      consentsRecordedAt: app.consents ? now : null,
      bedrooms: { computed: computeBedrooms(app), override: null },
      duplicateKeys: personKeys(app.parent),
      searchText: searchTextOf(app.parent),
      events: [{ at: now, actorId: actor.id, actorRole: actor.role, type: 'created', to: 'draft', fields: changedPaths(app) }],
    });
    await audit({ actorId: actor.id, actorRole: actor.role, action: 'family.created', targetType: 'family', targetId: created, fields: Object.keys(app) });
    return this.load(created);
  }

  async update(actor: Actor, id: string, body: unknown, expectedVersion?: number): Promise<FamilyRecord> {
    const patch = validateFamilyDraft(body);
    const doc = await this.load(id);
    if (!this.canSee(actor, doc)) throw new NotFoundError();
    if (!this.canEdit(actor, doc)) throw new ForbiddenError('intake.family.notEditable');
    if (patch.referral !== undefined && actor.role === 'parent') throw new ValidationError([{ path: '/referral', messageKey: 'validation.unknownField' }]);
    const merged = deepMerge(doc.application, patch);
    // Only what this change breaks: a problem the saved draft already had (a latest move-in date
    // that has passed since) is not a reason to refuse an unrelated answer; submission reports it.
    const already = new Set(familyCoherence(doc.application).map((p) => `${p.path} ${p.messageKey}`));
    const problems: ErrorDetail[] = familyCoherence(merged).filter((p) => !already.has(`${p.path} ${p.messageKey}`));
    if (problems.length) throw new ValidationError(problems);
    const fields = changedPaths(patch);
    // The parent's own change of what sets the family's priority, once accepted, goes back to a worker (issue 16).
    const backToReview = !isStaff(actor) && doc.status === 'active' && priorityChanged(doc.application, merged);
    await this.store.change({
      id,
      actor,
      expectedVersion: expectedVersion ?? doc.version,
      set: {
        ...(await seal(familySubject(id), { application: merged }, FAMILY_SEALED_PATHS)),
        ...derived(merged),
        ...(patch.consents ? { consentsRecordedAt: new Date() } : {}),
        ...(backToReview ? { status: 'submitted', statusReason: null } : {}),
      },
      guard: backToReview
        ? (current) => {
            if (current.status !== 'active') throw transitionRefused(current.status, 'submitted');
          }
        : undefined,
      event: backToReview ? { type: 'priority.changed', from: 'active', to: 'submitted' } : { type: 'updated' },
      fields: backToReview ? [...fields, '/status'] : fields,
    });
    return this.load(id);
  }

  async submit(actor: Actor, id: string, options: { acknowledgeBenefitsWarning?: boolean; expectedVersion?: number } = {}): Promise<FamilyRecord> {
    const doc = await this.get(actor, id);
    if (!this.canEdit(actor, doc)) throw new ForbiddenError('intake.family.notEditable');
    // Sent once, from a draft (an accepted application goes back to submitted only through update's priority rule).
    const submittable = (status: string) => {
      if (status !== 'draft') throw transitionRefused(status, 'submitted');
    };
    submittable(doc.status);
    const problems = familySubmissionProblems(doc.application);
    // A latest move-in date already past (familyCoherence) is the date rule of SPEC §11.
    if (problems.some((p) => p.path === '/needs/moveInBy' && p.messageKey === 'intake.rules.dateInPast'))
      throw new RuleViolation(422, 'DATE_OUT_OF_RANGE', problems);
    if (problems.length) throw new ValidationError(problems, 'intake.family.incomplete');
    assertSubmissionRules({
      acknowledged: options.acknowledgeBenefitsWarning === true,
      referralConsent: doc.application.referral ? doc.application.referral.familyConsent === true : null,
      latestDate: null,
    });
    const now = new Date();
    await this.store.change({
      id,
      actor,
      expectedVersion: options.expectedVersion ?? doc.version,
      guard: (current) => submittable(current.status),
      set: { status: 'submitted', submittedAt: now, ...(options.acknowledgeBenefitsWarning ? { benefitsWarningAcknowledgedAt: now } : {}) },
      event: { type: 'submitted', from: doc.status, to: 'submitted' },
      fields: ['/status'],
    });
    return this.load(id);
  }

  async review(actor: Actor, id: string, decision: ReviewDecision, reason: string | undefined, expectedVersion?: number): Promise<FamilyRecord> {
    const doc = await this.checkReview(actor, id, decision, reason, expectedVersion);
    const to = REVIEW_TARGET[decision];
    const check = (status: string) => {
      if (!REVIEW_FROM[decision].includes(status as FamilyStatus)) throw transitionRefused(status, to);
    };
    await this.store.change({
      id,
      actor,
      expectedVersion,
      guard: (current) => check(current.status),
      set: {
        status: to,
        statusReason: reason?.trim() || null,
        ...(to === 'active' ? { activatedAt: new Date() } : {}),
        ...(doc.assignedWorkerId ? {} : { assignedWorkerId: actor.id }),
      },
      event: { type: `review.${decision}`, from: doc.status, to, reason: reason?.trim() || null },
      fields: ['/status'],
    });
    return this.load(id);
  }

  /**
   * A review's checks, nothing written (the confirmation page of a rejection, SPEC §11): the record
   * as it is, or the refusal the review itself would give (reason missing, status, another's change).
   */
  async checkReview(actor: Actor, id: string, decision: ReviewDecision, reason: string | undefined, expectedVersion?: number): Promise<FamilyRecord> {
    const doc = await this.get(actor, id);
    if (decision !== 'activate' && !reason?.trim()) throw new ValidationError([{ path: '/reason', messageKey: 'intake.review.reasonRequired' }]);
    if (!REVIEW_FROM[decision].includes(doc.status)) throw transitionRefused(doc.status, REVIEW_TARGET[decision]);
    await this.store.assertCurrent(id, expectedVersion, doc.version);
    return doc;
  }

  /**
   * For follow-up: a family × host pair ended for safety (or after a violence incident) is excluded
   * for good (SPEC §7, §11 PAIR_EXCLUDED). Appended, idempotent per cohabitation (a sweep may run it
   * again after a crash); no worker's edit of the exclusions removes it.
   */
  async excludePairForGood(actor: Actor, id: string, pair: { hostId: string; offerId: string; cohabitationId: string; reason: string }): Promise<boolean> {
    const sealed = (await seal(familySubject(id), { safetyExclusions: [{ ...pair, at: new Date(), by: actor.id }] }, FAMILY_SEALED_PATHS)) as {
      safetyExclusions: unknown[];
    };
    // The stored entries are sealed: the guard cannot compare them, so it checks that none was added
    // since this read; if one was, read again (it may be this very pair, appended by a run at once).
    for (;;) {
      const exclusions = (await this.load(id)).safetyExclusions ?? [];
      if (exclusions.some((e) => e.cohabitationId === pair.cohabitationId)) return false;
      try {
        await this.store.change({
          id,
          actor,
          set: {},
          push: { safetyExclusions: sealed.safetyExclusions[0] },
          guardReads: 'safetyExclusions',
          guard: (current) => {
            if (((current.safetyExclusions as unknown[] | undefined) ?? []).length !== exclusions.length) throw EXCLUSIONS_CHANGED;
          },
          event: { type: 'exclusion.safety' },
          fields: ['/casework/exclusions'],
        });
        return true;
      } catch (error) {
        if (error !== EXCLUSIONS_CHANGED) throw error;
      }
    }
  }

  /** Whether this family and this host (or offer) were ended for safety: they can never be proposed again. */
  isPairExcluded(doc: FamilyRecord, offer: { _id: unknown; ownerUserId?: string | null }): boolean {
    const hostId = offer.ownerUserId ?? String(offer._id);
    return (doc.safetyExclusions ?? []).some((e) => e.offerId === String(offer._id) || e.hostId === hostId);
  }

  /** For the other modules (matching, follow-up): a status change with its reason, checked against SPEC §3. */
  /** One idempotent step of a multi-record transition (lifecycle.ts `stepFrom`): moves the family only from one of `from`. */
  moveFrom(actor: Actor, id: string, from: readonly FamilyStatus[], to: FamilyStatus, reason: string | null = null): Promise<boolean> {
    return stepFrom(
      () => this.load(id),
      from,
      to,
      () => this.transition(actor, id, to, reason),
    );
  }

  async transition(actor: Actor, id: string, to: FamilyStatus, reason: string | null = null): Promise<void> {
    const doc = await this.load(id);
    assertTransition(FAMILY_TRANSITIONS, doc.status, to);
    await this.store.change({
      id,
      actor,
      guard: (current) => assertTransition(FAMILY_TRANSITIONS, current.status as FamilyStatus, to),
      // Housed again or closed: no longer being rehoused (family-rehousing.service.ts), in the same write.
      set: { status: to, statusReason: reason, ...(to === 'housed' || to === 'closed' ? { rehousing: null } : {}) },
      event: { type: 'status', from: doc.status, to, reason },
      fields: ['/status'],
    });
  }

  async list(actor: Actor, filters: FamilyFilters): Promise<{ items: FamilyRecord[]; total: number }> {
    if (!isStaff(actor) && actor.role !== 'parent' && actor.role !== 'partner') return { items: [], total: 0 };
    const q = filters.q?.trim().toLowerCase().slice(0, 100);
    // Filtering the copy's list sorted once keeps its order: no sort per request.
    const found = (await this.store.sorted('list', LIST_ORDER)).filter(
      (d) =>
        (actor.role !== 'parent' || d.ownerUserId === actor.id) &&
        (actor.role !== 'partner' || d.referredBy === actor.id) &&
        (!filters.status || d.status === filters.status) &&
        (!filters.commune || (d.application?.needs?.communes ?? []).includes(filters.commune)) &&
        (!filters.urgency || d.application?.situation?.urgency === filters.urgency) &&
        (!filters.assignedTo || d.assignedWorkerId === filters.assignedTo) &&
        (!q || (d.searchText ?? '').includes(q)),
    );
    return pageOf(found, filters);
  }

  /**
   * The list as the JSON API gives it to staff (whole applications): audited once per request with
   * every record returned, each counting as opened for the unusual-access alert (SPEC §8).
   */
  async listRead(actor: Actor, filters: FamilyFilters): Promise<{ items: FamilyRecord[]; total: number }> {
    const found = await this.list(actor, filters);
    await this.store.auditListRead(actor, found.items);
    return found;
  }

  /** Some families by id, as of the last write (for names on lists); missing ones are absent. */
  async some(ids: Iterable<string>): Promise<Map<string, FamilyRecord>> {
    const wanted = new Set(ids);
    const found = (await this.store.all()).filter((d) => wanted.has(String(d._id)));
    return new Map(found.map((d) => [String(d._id), d]));
  }

  /** For matching: every family in these statuses (no paging; the engine works on the whole set). */
  async inStatuses(statuses: FamilyStatus[]): Promise<FamilyRecord[]> {
    // The same array while nothing changed: matching remembers what it derives from it.
    return this.store.where(`status:${statuses.join(',')}`, (d) => statuses.includes(d.status));
  }

  /**
   * Keeps every stored bedroom count in step with the rule set in force at its move-in date (SPEC
   * §6.1): records saved under an older rule (before adult children, birth months or custody
   * counted) or before a new rule set was installed. Computed from the version read and written
   * only if it is still the current one; a record changed meanwhile is left to the next run.
   */
  async recomputeBedrooms(): Promise<number> {
    let changed = 0;
    for (const doc of await this.store.all()) {
      if (doc.erasedAt) continue;
      const computed = computeBedrooms(doc.application ?? {});
      if (computed === (doc.bedrooms?.computed ?? null)) continue;
      try {
        await this.store.change({
          id: String(doc._id),
          actor: SYSTEM,
          expectedVersion: doc.version,
          set: { 'bedrooms.computed': computed },
          event: { type: 'bedrooms.recomputed' },
          fields: ['/bedrooms/computed'],
        });
        changed += 1;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    return changed;
  }

  /** Other families that may be the same person: same e-mail or phone, or same name and birth year. */
  async duplicatesOf(doc: FamilyRecord): Promise<Duplicate[]> {
    return (await this.duplicatesOfPage([doc]))[0]!;
  }

  /** The duplicates of each record of a page. */
  async duplicatesOfPage(docs: FamilyRecord[]): Promise<Duplicate[][]> {
    return duplicatesAmong(await this.store.all(), docs);
  }

  /** Ids of the records matching a server-side filter (retention); callers build it with trusted(). */
  async idsWhere(filter: Record<string, unknown>): Promise<string[]> {
    return this.store.idsWhere(filter);
  }
}
