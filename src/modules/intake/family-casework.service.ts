// The worker's casework on a family (SPEC §4, worker side): assignment, intake interviews, the
// social-network map, the isolation score, a bedrooms override, safety exclusions. Staff only;
// never shown to parents, hosts or partners.
import { ValidationError } from '../../kernel/errors.js';
import { assertStaffAccount } from './staff.js';
import type { Actor } from './actor.js';
import type { AssignmentInput, BedroomsOverrideInput, ExclusionsInput, InterviewInput, IsolationInput, NetworkInput } from './casework.schemas.js';
import type { FamilyRecord } from './family.model.js';
import type { FamilyService } from './family.service.js';
import { isSealed } from '../../kernel/crypto/envelope.js';
import { seal } from '../../kernel/crypto/sealed-fields.js';
import { FAMILY_SEALED_PATHS, familySubject } from './family.sealed.js';
import { FamilyModel } from './family.model.js';

export class FamilyCaseworkService {
  constructor(private readonly families: FamilyService) {}

  /** `basedOn`: the version the change was computed from (a form's version). */
  private async change(actor: Actor, id: string, basedOn: number, set: Record<string, unknown>, type: string, fields: string[], reason: string | null = null): Promise<FamilyRecord> {
    const sealed = await seal(familySubject(id), set, FAMILY_SEALED_PATHS);
    await this.families.store.change({ id, actor, expectedVersion: basedOn, set: sealed, event: { type, reason }, fields });
    return this.families.load(id);
  }

  /** Appends one item (sealed) to a casework list: simultaneous appends by two workers all stay. */
  private async append(actor: Actor, id: string, list: 'interviews' | 'isolation', item: object, fields: string[]): Promise<FamilyRecord> {
    const sealed = (await seal(familySubject(id), { [list]: [item] }, FAMILY_SEALED_PATHS)) as Record<string, unknown[]>;
    await this.families.store.change({ id, actor, set: {}, push: { [list]: sealed[list]![0] }, event: { type: list === 'interviews' ? 'interview' : 'isolation' }, fields });
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

  async setNetwork(actor: Actor, id: string, input: NetworkInput, expectedVersion?: number): Promise<FamilyRecord> {
    const doc = await this.families.get(actor, id);
    return this.change(actor, id, expectedVersion ?? doc.version, { network: input.contacts }, 'network', ['/casework/network']);
  }

  /** Isolation score 0–4: one point per criterion met, kept with the criteria so the score is explained. */
  async recordIsolation(actor: Actor, id: string, input: IsolationInput, context = 'intake'): Promise<FamilyRecord> {
    await this.families.get(actor, id);
    return this.append(actor, id, 'isolation', { context, criteria: input.criteria, score: input.criteria.length, note: input.note ?? null, ...this.stamp(actor) }, ['/casework/isolation']);
  }

  async overrideBedrooms(actor: Actor, id: string, input: BedroomsOverrideInput, expectedVersion?: number): Promise<FamilyRecord> {
    const doc = await this.families.get(actor, id);
    const basedOn = expectedVersion ?? doc.version;
    if (input.value == null) return this.change(actor, id, basedOn, { 'bedrooms.override': null }, 'bedrooms.reset', ['/casework/bedrooms']);
    if (!input.reason?.trim()) throw new ValidationError([{ path: '/reason', messageKey: 'intake.casework.reasonRequired' }]);
    // Sealed as `bedrooms.override.reason` (family.sealed.ts); the history says that it was set by
    // hand, not why (the events are not sealed): the reason is read with the casework.
    const { bedrooms } = await seal(familySubject(id), { bedrooms: { override: { value: input.value, reason: input.reason.trim(), ...this.stamp(actor) } } }, FAMILY_SEALED_PATHS);
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
  const stored = await FamilyModel.findById(id).select('bedrooms erasedAt').lean<{ bedrooms?: { override?: { reason?: unknown } | null }; erasedAt?: Date | null }>();
  const reason = stored?.bedrooms?.override?.reason;
  if (!stored || reason == null || isSealed(reason)) return;
  await families.store.change({ id, actor, set: { 'bedrooms.override.reason': null }, event: { type: 'erased' }, fields: ['/casework/bedrooms'] });
}
