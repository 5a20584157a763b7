// A careful ending (issue 18 part 5): the notice with its planned end date, and the contact a month
// after the exit. Each write is one conditional update that happens once (docs/database.md §5): of
// two notices at once one is kept and the other refused (409); a notice racing the ending is either
// before it (kept, and the ending proceeds) or refused because it ended.
import { ConflictError, ForbiddenError, NotFoundError } from '../../kernel/errors.js';
import { audit } from '../../kernel/audit/audit.service.js';
import type { Actor } from '../intake/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import type { CohabitationRepository } from './cohabitation.repository.js';
import type { CohabitationService } from './cohabitation.service.js';
import { sealPart } from './cohabitation.sealed.js';
import { assertDate } from './followup.rules.js';
import { plannedEndDate } from './notice.js';
import type { ExitContactInput, NoticeInput } from './rehousing.schemas.js';
import { today } from './schedule.js';

const isStaff = (actor: Actor) => actor.role === 'worker' || actor.role === 'coordinator';

export class RehousingService {
  constructor(
    private readonly cohabitations: CohabitationService,
    private readonly store: CohabitationRepository,
  ) {}

  /** What giving notice on this date would set (the confirmation page); nothing written. */
  async previewNotice(actor: Actor, id: string, input: NoticeInput, day = today()): Promise<{ cohabitation: CohabitationRecord; plannedEnd: string }> {
    const { cohabitation, side } = await this.cohabitations.get(actor, id);
    // A household gives its own notice; the worker records anyone's (or the service's).
    if (!isStaff(actor) && input.givenBy !== side) throw new ForbiddenError();
    if (cohabitation.status === 'ended') throw new ConflictError('followup.ended', [], 'COHABITATION_ENDED');
    if (cohabitation.status === 'agreement') throw new ConflictError('followup.notice.notStarted', [], 'NOT_STARTED');
    if (cohabitation.notice)
      throw new ConflictError('followup.notice.already', [{ path: '/date', messageKey: 'followup.notice.already' }], 'NOTICE_ALREADY_GIVEN');
    assertDate(input.date, { start: cohabitation.startDate, today: day });
    return { cohabitation, plannedEnd: plannedEndDate(cohabitation, input.date) };
  }

  async giveNotice(actor: Actor, id: string, input: NoticeInput, day = today()): Promise<CohabitationRecord> {
    const { cohabitation, plannedEnd } = await this.previewNotice(actor, id, input, day);
    const now = new Date();
    const notice = await sealPart(cohabitation.familyId, 'notice', {
      date: input.date,
      givenBy: input.givenBy,
      reason: input.reason ?? null,
      plannedEnd,
      at: now,
      by: actor.id,
    });
    if (!(await this.store.giveNotice(id, notice, { at: now, by: actor.id }))) {
      const current = await this.cohabitations.load(id);
      if (current.status === 'ended') throw new ConflictError('followup.ended', [], 'COHABITATION_ENDED');
      throw new ConflictError('followup.notice.already', [{ path: '/date', messageKey: 'followup.notice.already' }], 'NOTICE_ALREADY_GIVEN');
    }
    await audit({ actorId: actor.id, actorRole: actor.role, action: 'cohabitation.notice', targetType: 'cohabitation', targetId: id, fields: ['notice'] });
    return this.cohabitations.load(id);
  }

  /** The contact after the exit, recorded once by staff (who, when, a sealed note); the day is between the end and today. */
  async recordExitContact(actor: Actor, id: string, input: ExitContactInput, day = today()): Promise<CohabitationRecord> {
    if (!isStaff(actor)) throw new NotFoundError();
    const { cohabitation } = await this.cohabitations.get(actor, id);
    if (cohabitation.status !== 'ended' || !cohabitation.ending?.date) throw new ConflictError('followup.exitContact.notEnded', [], 'NOT_ENDED');
    if (cohabitation.exitContact)
      throw new ConflictError('followup.exitContact.already', [{ path: '/date', messageKey: 'followup.exitContact.already' }], 'EXIT_CONTACT_RECORDED');
    assertDate(input.date, { start: cohabitation.ending.date, today: day });
    const now = new Date();
    const contact = await sealPart(cohabitation.familyId, 'exitContact', { ...input, note: input.note ?? null, at: now, by: actor.id });
    if (!(await this.store.recordExitContact(id, contact, { at: now, by: actor.id })))
      throw new ConflictError('followup.exitContact.already', [{ path: '/date', messageKey: 'followup.exitContact.already' }], 'EXIT_CONTACT_RECORDED');
    await audit({
      actorId: actor.id,
      actorRole: actor.role,
      action: 'cohabitation.exitContact',
      targetType: 'cohabitation',
      targetId: id,
      fields: ['exitContact'],
    });
    return this.cohabitations.load(id);
  }
}
