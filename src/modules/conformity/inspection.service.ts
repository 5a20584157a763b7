// Inspections (SPEC §6): planning a visit of an offered home, the report, its outcome recorded on
// the offer through intake's service, re-inspection, and the expiry of a conform inspection.
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { ConflictError, NotFoundError, RuleViolation, ValidationError } from '../../kernel/errors.js';
import { t } from '../../kernel/i18n/index.js';
import { formatInstant } from '../../kernel/i18n/format.js';
import { ruleSetById, ruleSetFor, type RuleSet } from '../../kernel/rulesets.js';
import { trusted } from '../../kernel/db/connection.js';
import { audit } from '../../kernel/audit/audit.service.js';
import { SYSTEM, type Actor, type OfferRecord, type OfferService } from '../intake/index.js';
import { hostContact, workerContact, type Contact } from './contacts.js';
import { claim, ConformityClaimModel, InspectionModel, release, type InspectionRecord } from './inspection.model.js';
import { evaluate, reportProblems, type OfferFacts } from './inspection.outcome.js';
import type { ReportInput, ScheduleInput } from './inspection.schemas.js';
import { systemReason } from '../../kernel/i18n/reasons.js';
import { isObjectId } from '../../kernel/db/object-id.js';

const PLANNABLE = ['submitted', 'non_conform', 'available', 'paused', 'reserved', 'occupied'];
const EXPIRY_NOTICE_DAYS = 30;

function when(date: Date, contact: Contact): string {
  return formatInstant(date, contact.language, 'full');
}

export function offerFacts(offer: OfferRecord): OfferFacts {
  const app = offer.application;
  return {
    householdSize: Math.max(1, app.host?.household?.length ?? 1),
    maxChildren: app.children?.maxCount ?? 0,
    monthlyRent: app.contribution?.monthlyRent ?? 0,
    monthlyCharges: app.contribution?.monthlyCharges ?? 0,
  };
}

export class InspectionService {
  constructor(
    private readonly offers: OfferService,
    private readonly outbox: Outbox,
  ) {}

  async load(id: string): Promise<InspectionRecord> {
    if (!isObjectId(id)) throw new NotFoundError();
    const doc = await InspectionModel.findById(id).lean<InspectionRecord>();
    if (!doc) throw new NotFoundError();
    return doc;
  }

  /** The inspection if this person may see it (staff, or the host of the offer); else 404. */
  async get(actor: Actor, id: string): Promise<{ inspection: InspectionRecord; offer: OfferRecord }> {
    const inspection = await this.load(id);
    const offer = await this.offers.get(actor, inspection.offerId);
    return { inspection, offer };
  }

  async listForOffer(actor: Actor, offerId: string): Promise<InspectionRecord[]> {
    await this.offers.get(actor, offerId);
    return InspectionModel.find({ offerId }).sort({ createdAt: -1 }).lean<InspectionRecord[]>();
  }

  async upcoming(from: Date, limit = 100): Promise<InspectionRecord[]> {
    return InspectionModel.find({ status: 'scheduled', scheduledAt: trusted({ $gte: new Date(from.getTime() - 7 * 86_400_000) }) })
      .sort({ scheduledAt: 1 })
      .limit(limit)
      .lean<InspectionRecord[]>();
  }

  private async tellHost(offer: OfferRecord, kind: string, params: (c: Contact) => Record<string, string | number>): Promise<void> {
    const host = await hostContact(offer);
    if (!host) return;
    const lang = host.language;
    const text = t(lang, `conformity.mail.${kind}.body`, {
      name: host.name,
      link: this.outbox.link('/my/visits'),
      ...this.outbox.serviceDetails(lang),
      ...params(host),
    });
    await this.outbox.enqueue({ to: host.email, lang, kind: `inspection-${kind}`, subject: t(lang, `conformity.mail.${kind}.subject`), text });
  }

  async schedule(actor: Actor, offerId: string, input: ScheduleInput): Promise<InspectionRecord> {
    const offer = await this.offers.get(actor, offerId);
    if (!PLANNABLE.includes(offer.status))
      throw new ConflictError('conformity.schedule.notPlannable', [{ path: '/offerId', messageKey: 'conformity.schedule.notPlannable' }], 'INVALID_TRANSITION');
    const scheduledAt = new Date(input.scheduledAt);
    if (scheduledAt.getTime() < Date.now() - 86_400_000) throw new ValidationError([{ path: '/scheduledAt', messageKey: 'conformity.schedule.inPast' }]);
    if (!(await claim(`open:${offerId}`))) throw new ConflictError('conformity.schedule.alreadyPlanned', [], 'INSPECTION_ALREADY_PLANNED');
    try {
      const created = await InspectionModel.create({
        offerId,
        scheduledAt,
        note: input.note?.trim() || null,
        offerStatusBefore: offer.status,
        createdBy: actor.id,
        history: [{ at: new Date(), by: actor.id, type: 'scheduled', scheduledAt }],
      });
      if (offer.status === 'submitted' || offer.status === 'non_conform' || offer.status === 'paused') {
        await this.offers.transition(actor, offerId, 'inspection', systemReason('visit_planned'));
      }
      await this.tellHost(offer, 'scheduled', (c) => ({ when: when(scheduledAt, c) }));
      await audit({
        actorId: actor.id,
        actorRole: actor.role,
        action: 'inspection.scheduled',
        targetType: 'offer',
        targetId: offerId,
        fields: ['scheduledAt'],
      });
      return await this.load(String(created._id));
    } catch (error) {
      await release(`open:${offerId}`);
      throw error;
    }
  }

  async reschedule(actor: Actor, id: string, input: ScheduleInput): Promise<InspectionRecord> {
    const { inspection, offer } = await this.get(actor, id);
    if (inspection.status !== 'scheduled') throw new ConflictError('conformity.notScheduled', [], 'INSPECTION_NOT_SCHEDULED');
    const scheduledAt = new Date(input.scheduledAt);
    if (scheduledAt.getTime() < Date.now() - 86_400_000) throw new ValidationError([{ path: '/scheduledAt', messageKey: 'conformity.schedule.inPast' }]);
    await InspectionModel.updateOne(
      { _id: inspection._id },
      { $set: { scheduledAt }, $push: { history: { at: new Date(), by: actor.id, type: 'rescheduled', scheduledAt } } },
    );
    await this.tellHost(offer, 'rescheduled', (c) => ({ when: when(scheduledAt, c) }));
    return this.load(id);
  }

  async cancel(actor: Actor, id: string, reason: string): Promise<InspectionRecord> {
    const { inspection, offer } = await this.get(actor, id);
    if (inspection.status !== 'scheduled') throw new ConflictError('conformity.notScheduled', [], 'INSPECTION_NOT_SCHEDULED');
    // Once: a conditional update on the status (no separate claim that a crash could strand).
    const cancelled = await InspectionModel.updateOne(
      { _id: inspection._id, status: 'scheduled' },
      { $set: { status: 'cancelled', cancelReason: reason }, $push: { history: { at: new Date(), by: actor.id, type: 'cancelled', reason } } },
    );
    if (cancelled.matchedCount === 0) throw new ConflictError('conformity.notScheduled', [], 'INSPECTION_NOT_SCHEDULED');
    await release(`open:${inspection.offerId}`);
    if (offer.status === 'inspection') {
      const back = inspection.offerStatusBefore === 'paused' || inspection.offerStatusBefore === 'non_conform' ? inspection.offerStatusBefore : 'submitted';
      await this.offers.transition(actor, inspection.offerId, back, systemReason('visit_cancelled', reason));
    }
    await this.tellHost(offer, 'cancelled', () => ({}));
    return this.load(id);
  }

  /** The report: validated against the rule set in force on the visit day; the outcome goes to the offer. */
  async report(actor: Actor, id: string, input: ReportInput, now = new Date()) {
    const { inspection, offer } = await this.get(actor, id);
    if (inspection.status !== 'scheduled') throw new ConflictError('conformity.notScheduled', [], 'INSPECTION_NOT_SCHEDULED');
    const performedAt = new Date(input.performedAt.length === 10 ? `${input.performedAt}T00:00:00Z` : input.performedAt);
    if (performedAt.getTime() > now.getTime() + 3_600_000) throw new ValidationError([{ path: '/performedAt', messageKey: 'conformity.report.inFuture' }]);
    const ruleSet: RuleSet = ruleSetFor(performedAt);
    const problems = reportProblems(input, ruleSet);
    // An item that must always be checked answered "not applicable": the rule of SPEC §11, with every other problem.
    if (problems.some((p) => p.messageKey === 'conformity.report.notApplicable')) throw new RuleViolation(422, 'REPORT_ITEM_NOT_APPLICABLE', problems);
    if (problems.length) throw new ValidationError(problems);
    const result = evaluate(input, ruleSet, offerFacts(offer), performedAt);
    // Once: a conditional update on the status; the offer follows (completeReports finishes it after a crash).
    const reported = await InspectionModel.updateOne(
      { _id: inspection._id, status: 'scheduled' },
      {
        $set: {
          status: 'reported',
          ruleSet: ruleSet.id,
          performedAt,
          items: result.items,
          rooms: input.rooms,
          smokeDetectors: input.smokeDetectors ?? null,
          dwellingSurfaceM2: input.dwellingSurfaceM2,
          outcome: result.outcome,
          failures: result.failures,
          space: result.space,
          cap: result.cap,
          validUntil: result.validUntil,
          remarksDeadline: result.remarksDeadline,
          reportedBy: actor.id,
          reportedByName: actor.name,
        },
        $push: { history: { at: now, by: actor.id, type: 'reported', reason: result.outcome } },
      },
    );
    if (reported.matchedCount === 0) throw new ConflictError('conformity.notScheduled', [], 'INSPECTION_NOT_SCHEDULED');
    await release(`open:${inspection.offerId}`);
    await this.offers.recordInspection(actor, inspection.offerId, {
      inspectionId: id,
      outcome: result.outcome,
      ruleSet: ruleSet.id,
      performedAt,
      validUntil: result.validUntil,
      remarksDeadline: result.remarksDeadline,
      measured: { dwellingSurfaceM2: input.dwellingSurfaceM2, rooms: input.rooms },
    });
    // Remarks: a follow-up visit at the deadline checks they were fixed (SPEC §6.2).
    if (result.outcome === 'conform_with_remarks' && result.remarksDeadline) await this.planFollowUp(actor, inspection.offerId, id, result.remarksDeadline);
    const fixes = (c: Contact) =>
      result.failures.map((f) => `- ${ruleSet.checklist.find((i) => i.code === f.code)!.fix[c.language]}${f.note ? ` (${f.note})` : ''}`).join('\n') || '-';
    await this.tellHost(offer, `outcome.${result.outcome}`, (c) => ({
      fixes: fixes(c),
      until: result.validUntil ? when(result.validUntil, c) : '',
      deadline: result.remarksDeadline ? when(result.remarksDeadline, c) : '',
    }));
    return {
      inspection: await this.load(id),
      outcome: result.outcome,
      failures: result.failures,
      validUntil: result.validUntil,
      remarksDeadline: result.remarksDeadline,
    };
  }

  /**
   * Scheduled, idempotent: finishes what a crash interrupted. The latest report of an offer that the
   * offer does not carry yet is recorded on it; an offer with a planned visit is in "inspection"; an
   * offer's "visit planned" lock held by no scheduled
   * visit (a crash between the lock and the visit, or between a report and the lock's release) is
   * released after a minute.
   */
  async completeReports(now = new Date()): Promise<number> {
    let repaired = 0;
    const reported = await InspectionModel.find({ status: 'reported' }).sort({ performedAt: -1 }).lean<InspectionRecord[]>();
    const latest = new Map<string, InspectionRecord>();
    for (const r of reported) if (!latest.has(r.offerId)) latest.set(r.offerId, r);
    for (const [offerId, r] of latest) {
      const offer = await this.offers.load(offerId).catch(() => null);
      if (
        !offer ||
        offer.inspection?.inspectionId === String(r._id) ||
        (offer.inspection?.performedAt && new Date(offer.inspection.performedAt) >= new Date(r.performedAt!))
      )
        continue;
      await this.offers.recordInspection(SYSTEM, offerId, {
        inspectionId: String(r._id),
        outcome: r.outcome!,
        ruleSet: r.ruleSet!,
        performedAt: r.performedAt!,
        validUntil: r.validUntil ?? null,
        remarksDeadline: r.remarksDeadline ?? null,
        measured: r.dwellingSurfaceM2
          ? {
              dwellingSurfaceM2: r.dwellingSurfaceM2,
              rooms: (r.rooms ?? []).map((x) => ({ kind: x.kind ?? 'other', surfaceM2: x.surfaceM2 ?? 0, ceilingHeightM: x.ceilingHeightM ?? null })),
            }
          : null,
      });
      repaired++;
    }
    for (const visit of await InspectionModel.find({ status: 'scheduled' }).lean<InspectionRecord[]>()) {
      // Planned, the offer not yet moved to "inspection" (a crash in between).
      if (await this.offers.moveFrom(SYSTEM, visit.offerId, ['submitted', 'non_conform', 'paused'], 'inspection', systemReason('visit_planned'))) repaired++;
    }
    for (const lock of await ConformityClaimModel.find({ _id: trusted({ $regex: '^open:' }) }).lean<{ _id: string; at: Date }[]>()) {
      if (now.getTime() - lock.at.getTime() < 60_000) continue;
      const offerId = lock._id.slice('open:'.length);
      if (await InspectionModel.exists({ offerId, status: 'scheduled' })) continue;
      await release(lock._id);
      repaired++;
    }
    return repaired;
  }

  /**
   * Scheduled, idempotent: tells host and worker 30 days before a conform inspection ends, and takes
   * an available offer whose inspection has ended out of matching (non_conform, "inspection expired").
   */
  async checkExpiries(now = new Date()): Promise<{ notices: number; expired: number }> {
    let notices = 0;
    let expired = 0;
    const soon = await this.offers.withInspectionEndingBefore(new Date(now.getTime() + EXPIRY_NOTICE_DAYS * 86_400_000), ['available', 'reserved', 'occupied']);
    for (const offer of soon) {
      const inspection = offer.inspection!;
      const validUntil = new Date(inspection.validUntil!);
      if (validUntil <= now) continue;
      if (!(await claim(`notice:${inspection.inspectionId}:expiry`))) continue;
      // Each to the page where they plan the next visit: the host's visits, the worker's offer.
      const recipients = [
        { contact: await hostContact(offer), page: '/my/visits' },
        { contact: await workerContact(offer), page: `/work/offers/${String(offer._id)}/inspections` },
      ];
      for (const { contact, page } of recipients) {
        if (!contact) continue;
        const lang = contact.language;
        const text = t(lang, 'conformity.mail.expiry.body', { name: contact.name, until: when(validUntil, contact), link: this.outbox.link(page) });
        await this.outbox.enqueue({ to: contact.email, lang, kind: 'inspection-expiry', subject: t(lang, 'conformity.mail.expiry.subject'), text });
      }
      notices++;
    }
    for (const offer of await this.offers.withInspectionEndingBefore(now, ['available'])) {
      await this.offers.transition(SYSTEM, String(offer._id), 'non_conform', systemReason('inspection_expired'));
      expired++;
    }
    // Remarks not resolved by a later report when their deadline passed: out of matching (SPEC §6.2).
    for (const offer of await this.offers.inStatuses(['available'])) {
      const i = offer.inspection;
      if (i?.outcome !== 'conform_with_remarks' || !i.remarksDeadline || new Date(i.remarksDeadline) > now) continue;
      if (await this.offers.moveFrom(SYSTEM, String(offer._id), ['available'], 'non_conform', systemReason('remarks_unresolved'))) expired++;
    }
    return { notices, expired };
  }

  /**
   * The follow-up visit of a report with remarks, at its deadline: planned like any visit (the host
   * is told), unless a visit is already planned. Never fails the report that asked for it.
   */
  private async planFollowUp(actor: Actor, offerId: string, reportId: string, deadline: Date): Promise<void> {
    try {
      const visit = await this.schedule(actor, offerId, { scheduledAt: deadline.toISOString(), note: null });
      await InspectionModel.updateOne({ _id: visit._id }, { $set: { followUpOf: reportId } });
    } catch (error) {
      if ((error as { code?: string }).code !== 'INSPECTION_ALREADY_PLANNED' && (error as { code?: string }).code !== 'INVALID_TRANSITION') throw error;
    }
  }

  checklist(date: Date, id?: string): RuleSet {
    return (id ? ruleSetById(id) : undefined) ?? ruleSetFor(date);
  }
}
