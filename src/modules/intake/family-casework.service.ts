// The worker's casework on a family (SPEC §4, worker side): assignment, intake interviews, the
// social-network map, the isolation score, a bedrooms override, safety exclusions. Staff only;
// never shown to parents, hosts or partners.
import { Types } from 'mongoose';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.js';
import { networkSnapshot, type CheckinCasework } from './family-network.js';
import { assertStaffAccount } from './staff.js';
import type { Actor } from './actor.js';
import type {
  AssignmentInput,
  BedroomsOverrideInput,
  ExclusionsInput,
  InterviewInput,
  IntroductionInput,
  IntroductionOutcomeInput,
  IsolationInput,
  NetworkInput,
} from './casework.schemas.js';
import type { FamilyRecord } from './family.model.js';
import type { FamilyService } from './family.service.js';
import { isSealed } from '../../kernel/crypto/envelope.js';
import { seal } from '../../kernel/crypto/sealed-fields.js';
import { FAMILY_SEALED_PATHS, familySubject } from './family.sealed.js';
import { FamilyModel } from './family.model.js';

/** Thrown by recordCheckin's guard when the check-in's casework is already on the family. */
const CHECKIN_RECORDED = new Error('check-in already recorded');

export class FamilyCaseworkService {
  constructor(private readonly families: FamilyService) {}

  /** `basedOn`: the version the change was computed from (a form's version). */
  private async change(
    actor: Actor,
    id: string,
    basedOn: number,
    set: Record<string, unknown>,
    type: string,
    fields: string[],
    reason: string | null = null,
  ): Promise<FamilyRecord> {
    const sealed = await seal(familySubject(id), set, FAMILY_SEALED_PATHS);
    await this.families.store.change({ id, actor, expectedVersion: basedOn, set: sealed, event: { type, reason }, fields });
    return this.families.load(id);
  }

  /** Appends one item (sealed) to a casework list: simultaneous appends by two workers all stay. */
  private async append(actor: Actor, id: string, list: 'interviews' | 'isolation' | 'introductions', item: object, fields: string[]): Promise<FamilyRecord> {
    const sealed = (await seal(familySubject(id), { [list]: [item] }, FAMILY_SEALED_PATHS)) as Record<string, unknown[]>;
    await this.families.store.change({
      id,
      actor,
      set: {},
      push: { [list]: sealed[list]![0] },
      event: { type: list === 'interviews' ? 'interview' : list === 'introductions' ? 'introduction' : 'isolation' },
      fields,
    });
    return this.families.load(id);
  }

  private stamp(actor: Actor) {
    return { at: new Date(), by: actor.id, byName: actor.name };
  }

  async assign(actor: Actor, id: string, input: AssignmentInput, expectedVersion?: number): Promise<FamilyRecord> {
    await assertStaffAccount(input.workerId);
    const doc = await this.families.get(actor, id);
    return this.change(actor, id, expectedVersion ?? doc.version, { assignedWorkerId: input.workerId }, 'assigned', ['/casework/assignedWorkerId']);
  }

  async addInterview(actor: Actor, id: string, input: InterviewInput): Promise<FamilyRecord> {
    await this.families.get(actor, id);
    return this.append(actor, id, 'interviews', { ...input, ...this.stamp(actor) }, ['/casework/interviews']);
  }

  /**
   * The map as the worker saw it changed: the current map replaced and a dated snapshot appended in
   * the same update, under the version rule — of two workers saving from the same version one gets
   * a 409 (their input kept by the page), never a silent loss; saved one after the other, both
   * snapshots stay in the history.
   */
  async setNetwork(actor: Actor, id: string, input: NetworkInput, expectedVersion?: number): Promise<FamilyRecord> {
    const doc = await this.families.get(actor, id);
    const snapshot = await this.sealed(id, 'networkHistory', networkSnapshot(actor, input.contacts, 'intake', null));
    const sealed = await seal(familySubject(id), { network: input.contacts }, FAMILY_SEALED_PATHS);
    await this.families.store.change({
      id,
      actor,
      expectedVersion: expectedVersion ?? doc.version,
      set: sealed,
      push: { networkHistory: snapshot },
      event: { type: 'network', reason: null },
      fields: ['/casework/network'],
    });
    return this.families.load(id);
  }

  /**
   * What a check-in records on the family (which outlives the cohabitation): the isolation criteria
   * and their score, the network map if the worker updated it there, and the services of the
   * directory proposed. Appends only (one update): a check-in never loses a change made meanwhile,
   * and the current map becomes the check-in's. Once per check-in: false when it was already recorded.
   */
  async recordCheckin(actor: Actor, id: string, checkin: CheckinCasework): Promise<boolean> {
    const push: Record<string, unknown> = {};
    const set: Record<string, unknown> = {};
    const fields: string[] = [];
    if (checkin.criteria) {
      push.isolation = await this.sealed(id, 'isolation', {
        context: 'checkin',
        checkinId: checkin.checkinId,
        criteria: checkin.criteria,
        score: checkin.criteria.length,
        note: null,
        ...this.stamp(actor),
      });
      fields.push('/casework/isolation');
    }
    if (checkin.contacts) {
      push.networkHistory = await this.sealed(id, 'networkHistory', networkSnapshot(actor, checkin.contacts, 'checkin', checkin.checkinId));
      Object.assign(set, await seal(familySubject(id), { network: checkin.contacts }, FAMILY_SEALED_PATHS));
      fields.push('/casework/network');
    }
    if (checkin.introductions?.length) {
      const items = checkin.introductions.map((i) => ({
        id: new Types.ObjectId().toHexString(),
        entryId: i.entryId,
        date: i.date,
        note: null,
        checkinId: checkin.checkinId,
        outcome: null,
        outcomeAt: null,
        ...this.stamp(actor),
      }));
      push.introductions = {
        $each: ((await seal(familySubject(id), { introductions: items }, FAMILY_SEALED_PATHS)) as { introductions: unknown[] }).introductions,
      };
      fields.push('/casework/introductions');
    }
    if (!fields.length) return false;
    // Keyed by the check-in (its id is not sealed): checked on the version the update claims, so a
    // retry, a second post or the sweep racing the post writes nothing the second time.
    const recorded = (list: unknown) => Array.isArray(list) && list.some((r) => (r as { checkinId?: string } | null)?.checkinId === checkin.checkinId);
    try {
      await this.families.store.change({
        id,
        actor,
        set,
        push,
        event: { type: 'checkinCasework' },
        fields,
        guardReads: 'isolation networkHistory introductions',
        guard: (current) => {
          if (recorded(current.isolation) || recorded(current.networkHistory) || recorded(current.introductions)) throw CHECKIN_RECORDED;
        },
      });
      return true;
    } catch (error) {
      if (error === CHECKIN_RECORDED) return false;
      throw error;
    }
  }

  /** An introduction to a service of the directory (the caller checked the entry exists). */
  async addIntroduction(actor: Actor, id: string, input: IntroductionInput, checkinId: string | null = null): Promise<FamilyRecord> {
    await this.families.get(actor, id);
    const item = {
      id: new Types.ObjectId().toHexString(),
      entryId: input.entryId,
      date: input.date,
      note: input.note ?? null,
      checkinId,
      outcome: null,
      outcomeAt: null,
      ...this.stamp(actor),
    };
    return this.append(actor, id, 'introductions', item, ['/casework/introductions']);
  }

  /**
   * What came of an introduction. A compare-and-set on the outcome the worker saw (`seen`): two
   * workers recording it at once from the same page, one gets a 409 instead of overwriting.
   */
  async setIntroductionOutcome(actor: Actor, id: string, introductionId: string, input: IntroductionOutcomeInput): Promise<FamilyRecord> {
    const doc = await this.families.get(actor, id);
    const index = (doc.introductions ?? []).findIndex((i) => i.id === introductionId);
    if (index < 0) throw new NotFoundError();
    const seen = input.seen ?? null;
    await this.families.store.change({
      id,
      actor,
      set: { [`introductions.${index}.outcome`]: input.outcome, [`introductions.${index}.outcomeAt`]: new Date() },
      guardReads: 'introductions',
      guard: (current) => {
        const now = (current.introductions as { id?: string; outcome?: string | null }[] | undefined)?.[index];
        if (now?.id !== introductionId || (now.outcome ?? null) !== seen)
          throw new ConflictError(
            'intake.networkHistory.outcomeChanged',
            [{ path: '/outcome', messageKey: 'intake.networkHistory.outcomeChanged' }],
            'EDIT_CONFLICT',
          );
      },
      event: { type: 'introductionOutcome' },
      fields: ['/casework/introductions'],
    });
    return this.families.load(id);
  }

  private async sealed(id: string, list: string, item: object): Promise<unknown> {
    return ((await seal(familySubject(id), { [list]: [item] }, FAMILY_SEALED_PATHS)) as Record<string, unknown[]>)[list]![0];
  }

  /** Isolation score 0–4: one point per criterion met, kept with the criteria so the score is explained. */
  async recordIsolation(actor: Actor, id: string, input: IsolationInput, context = 'intake'): Promise<FamilyRecord> {
    await this.families.get(actor, id);
    return this.append(
      actor,
      id,
      'isolation',
      { context, criteria: input.criteria, score: input.criteria.length, note: input.note ?? null, ...this.stamp(actor) },
      ['/casework/isolation'],
    );
  }

  async overrideBedrooms(actor: Actor, id: string, input: BedroomsOverrideInput, expectedVersion?: number): Promise<FamilyRecord> {
    const doc = await this.families.get(actor, id);
    const basedOn = expectedVersion ?? doc.version;
    if (input.value == null) return this.change(actor, id, basedOn, { 'bedrooms.override': null }, 'bedrooms.reset', ['/casework/bedrooms']);
    if (!input.reason?.trim()) throw new ValidationError([{ path: '/reason', messageKey: 'intake.casework.reasonRequired' }]);
    // Sealed as `bedrooms.override.reason` (family.sealed.ts); the history says that it was set by
    // hand, not why (the events are not sealed): the reason is read with the casework.
    const { bedrooms } = await seal(
      familySubject(id),
      { bedrooms: { override: { value: input.value, reason: input.reason.trim(), ...this.stamp(actor) } } },
      FAMILY_SEALED_PATHS,
    );
    return this.change(actor, id, basedOn, { 'bedrooms.override': bedrooms.override }, 'bedrooms.override', ['/casework/bedrooms']);
  }

  async setExclusions(actor: Actor, id: string, input: ExclusionsInput, expectedVersion?: number): Promise<FamilyRecord> {
    const doc = await this.families.get(actor, id);
    const exclusions = { communes: input.communes, offerIds: input.offerIds, hostIds: input.hostIds, reason: input.reason?.trim() || null };
    return this.change(actor, id, expectedVersion ?? doc.version, { exclusions }, 'exclusions', ['/casework/exclusions']);
  }
}

/**
 * Erasure, before the family is pseudonymised: a bedrooms-override reason stored before it was
 * sealed would outlive the shredded key, so it goes (the number stays for the statistics). Nothing
 * to do, and nothing written, when it is sealed or absent; idempotent.
 */
export async function scrubUnsealedCasework(families: FamilyService, actor: Actor, id: string): Promise<void> {
  const stored = await FamilyModel.findById(id)
    .select('bedrooms erasedAt')
    .lean<{ bedrooms?: { override?: { reason?: unknown } | null }; erasedAt?: Date | null }>();
  const reason = stored?.bedrooms?.override?.reason;
  if (!stored || reason == null || isSealed(reason)) return;
  await families.store.change({ id, actor, set: { 'bedrooms.override.reason': null }, event: { type: 'erased' }, fields: ['/casework/bedrooms'] });
}
