// Erasure (GDPR Art. 17) of a person, by a coordinator or by the retention job. Everything is
// checked before anything is changed, so a refusal (409) leaves the records as they were; each step
// is idempotent, so an interrupted erasure is finished by running it again.
import type { AccountsService } from '../../kernel/auth/accounts.service.js';
import { audit } from '../../kernel/audit/audit.service.js';
import { compactStorage, type CompactionOutcome } from '../../kernel/db/storage-compaction.js';
import { ConflictError, type ErrorDetail } from '../../kernel/errors.js';
import type { Actor, FamilyService, OfferService } from '../intake/index.js';
import { ERASED_NAME, pseudonymiseFamily, pseudonymiseOffer, renameRevisionAuthor, scrubUnsealedCasework } from '../intake/index.js';
import type { ProposalService } from '../matching/index.js';
import type { CohabitationService } from '../followup/index.js';
import { ErasureModel } from './erasure.model.js';
import { RETAINED } from './retained.js';

const FAMILY_BUSY = ['proposed', 'matched', 'housed'];
const OFFER_BUSY = ['reserved', 'occupied'];

export interface ErasureResult {
  id: string;
  userId: string | null;
  erasedAt: string;
  pseudonymised: { families: number; offers: number; cohabitations: number; proposals: number };
  retained: readonly string[];
  /**
   * Whether the database's files were rewritten afterwards, so that the erased values are not left
   * in old versions of the records ('scrubbed' on the embedded engine; 'not-supported' on MongoDB,
   * docs/database.md §6).
   */
  storage: CompactionOutcome['state'];
}

export class ErasureService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly families: FamilyService,
    private readonly offers: OfferService,
    private readonly proposals: ProposalService,
    private readonly cohabitations: CohabitationService,
  ) {}

  /** The records a user owns: a parent's applications, a host's offers. */
  async recordsOf(userId: string, role: string): Promise<{ familyIds: string[]; offerIds: string[] }> {
    const owner: Actor = { id: userId, role: role as Actor['role'], name: '' };
    const familyIds = role === 'parent' ? (await this.families.list(owner, { limit: 200 })).items.map((f) => String(f._id)) : [];
    const offerIds = role === 'host' ? (await this.offers.list(owner, { limit: 200 })).items.map((o) => String(o._id)) : [];
    return { familyIds, offerIds };
  }

  /** Why this erasure cannot run now (empty when it can). */
  private async blockers(ids: { familyIds: string[]; offerIds: string[] }): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    for (const id of ids.familyIds)
      if (FAMILY_BUSY.includes((await this.families.load(id)).status)) problems.push({ path: '/families', messageKey: 'privacy.erase.familyBusy' });
    for (const id of ids.offerIds)
      if (OFFER_BUSY.includes((await this.offers.load(id)).status)) problems.push({ path: '/offers', messageKey: 'privacy.erase.offerBusy' });
    if ((await this.cohabitations.openFor(ids)) > 0) problems.push({ path: '/cohabitations', messageKey: 'privacy.erase.cohabitationOpen' });
    return problems;
  }

  async eraseUser(actor: Actor, userId: string, reason: string, now = new Date()): Promise<ErasureResult> {
    const user = await this.accounts.getUser(userId);
    if (userId === actor.id) throw new ConflictError('privacy.erase.self', [{ path: '/id', messageKey: 'privacy.erase.self' }], 'ERASURE_BLOCKED');
    const ids = await this.recordsOf(userId, user.role);
    return this.erase(actor, { userId, ...ids }, reason, now);
  }

  /** A family without an account (a worker applied for them), or any family on its own (retention). */
  async eraseFamily(actor: Actor, familyId: string, reason: string, now = new Date()): Promise<ErasureResult> {
    await this.families.load(familyId);
    return this.erase(actor, { userId: null, familyIds: [familyId], offerIds: [] }, reason, now);
  }

  async eraseOffer(actor: Actor, offerId: string, reason: string, now = new Date()): Promise<ErasureResult> {
    await this.offers.load(offerId);
    return this.erase(actor, { userId: null, familyIds: [], offerIds: [offerId] }, reason, now);
  }

  private async erase(
    actor: Actor,
    target: { userId: string | null; familyIds: string[]; offerIds: string[] },
    reason: string,
    now: Date,
  ): Promise<ErasureResult> {
    const problems = await this.blockers(target);
    if (problems.length) throw new ConflictError('privacy.erase.blocked', problems, 'ERASURE_BLOCKED');
    const record = await ErasureModel.create({ ...target, by: actor.id, reason, state: 'started', startedAt: now });
    let cohabitations = 0;
    for (const id of target.familyIds) {
      cohabitations += await this.cohabitations.scrubForErasure(id);
      await scrubUnsealedCasework(this.families, actor, id);
      await pseudonymiseFamily(this.families, actor, id, now);
    }
    for (const id of target.offerIds) await pseudonymiseOffer(this.offers, actor, id, now);
    // The ledgers of their cohabitations: cost labels and the reasons of answers are free text.
    await this.cohabitations.scrubLedgersForErasure(target);
    const proposals = await this.proposals.scrubForErasure(target);
    if (target.userId) {
      await this.accounts.pseudonymise(target.userId, now);
      await renameRevisionAuthor(target.userId, ERASED_NAME);
    }
    const counts = { families: target.familyIds.length, offers: target.offerIds.length, cohabitations, proposals };
    await ErasureModel.updateOne({ _id: record._id }, { $set: { state: 'done', doneAt: new Date(), counts } });
    await audit({
      actorId: actor.id,
      actorRole: actor.role,
      action: 'privacy.erased',
      targetType: target.userId ? 'user' : target.familyIds.length ? 'family' : 'offer',
      targetId: target.userId ?? target.familyIds[0] ?? target.offerIds[0] ?? null,
      fields: ['identity', 'casework'],
    });
    // Last: the engine keeps old versions of every record it changed (and their bytes in its free
    // space) until it rewrites its file. Best effort: the erasure above is done whatever happens here.
    const storage = await compactStorage();
    return { id: String(record._id), userId: target.userId, erasedAt: now.toISOString(), pseudonymised: counts, retained: RETAINED, storage: storage.state };
  }
}
