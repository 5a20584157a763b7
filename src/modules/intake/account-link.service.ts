// A parent's or host's account linked to the record made for them by someone else (issue 18): a
// family referred by a partner or registered by a worker has no owner (`ownerUserId` null) until the
// parent gets an account; the worker then links that account, so the parent sees their application,
// their home-sharing, its ledger and /my/partner-updates. Likewise a host's offer entered by a worker.
// Staff only; one guarded change (the owner is set only while there is none), with its event and
// audit entry (record-history.ts). Linking the same account again is a no-op; another account is 409.
import { accountByEmail } from '../../kernel/auth/user.directory.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../kernel/errors.js';
import { trusted } from '../../kernel/db/connection.js';
import { isStaff, type Actor } from './actor.js';
import type { FamilyService } from './family.service.js';
import type { ChangeRequest } from './record-history.js';
import type { OfferService } from './offer.service.js';
import type { FamilyStatus } from './vocabulary.js';

/** The record store of families or of offers (both change an owner the same way). */
type OwnedStore = { change(request: Omit<ChangeRequest, 'kind'>): Promise<number> };

/** Thrown by the guard when the record already has this owner: nothing to write. */
const ALREADY = new Error('already linked');
const OTHER_OWNER = () =>
  new ConflictError('intake.accountLink.otherOwner', [{ path: '/email', messageKey: 'intake.accountLink.otherOwner' }], 'OWNER_ALREADY_LINKED');

export class AccountLinkService {
  constructor(
    private readonly families: FamilyService,
    private readonly offers: OfferService,
  ) {}

  /** The usable account of this role behind the e-mail, else a 422 naming the field. */
  private async account(email: string, role: 'parent' | 'host'): Promise<{ id: string; name: string }> {
    const found = await accountByEmail(email);
    if (!found || !found.usable) throw new ValidationError([{ path: '/email', messageKey: 'intake.accountLink.noAccount' }]);
    if (found.role !== role) throw new ValidationError([{ path: '/email', messageKey: `intake.accountLink.wrongRole.${role}` }]);
    return found;
  }

  /** Links a parent's account to a family; returns whether it was written (false: already this account). */
  async linkFamily(actor: Actor, familyId: string, email: string): Promise<boolean> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const doc = await this.families.load(familyId);
    const account = await this.account(email, 'parent');
    if (doc.ownerUserId === account.id) return false;
    if (doc.ownerUserId) throw OTHER_OWNER();
    // One open application per parent (as when a parent applies themselves).
    const open = await this.families.store.exists({ ownerUserId: account.id, status: trusted({ $nin: ['closed', 'rejected'] as FamilyStatus[] }) });
    if (open)
      throw new ConflictError('intake.accountLink.hasApplication', [{ path: '/email', messageKey: 'intake.accountLink.hasApplication' }], 'ALREADY_APPLIED');
    return this.writeOwner(this.families.store, familyId, actor, account.id);
  }

  /** Links a host's account to an offer; same rules. */
  async linkOffer(actor: Actor, offerId: string, email: string): Promise<boolean> {
    if (!isStaff(actor)) throw new ForbiddenError();
    const doc = await this.offers.load(offerId);
    const account = await this.account(email, 'host');
    if (doc.ownerUserId === account.id) return false;
    if (doc.ownerUserId) throw OTHER_OWNER();
    return this.writeOwner(this.offers.store, offerId, actor, account.id);
  }

  /**
   * Sets the owner in one guarded change, checked on the version the update claims: a link made
   * meanwhile (the same account: false, nothing written; another: 409) is seen.
   */
  private async writeOwner(store: OwnedStore, id: string, actor: Actor, accountId: string): Promise<boolean> {
    try {
      await store.change({
        id,
        actor,
        set: { ownerUserId: accountId },
        event: { type: 'owner.linked' },
        fields: ['/casework/ownerUserId'],
        guardReads: 'ownerUserId',
        guard: (current) => {
          if (current.ownerUserId === accountId) throw ALREADY;
          if (current.ownerUserId) throw OTHER_OWNER();
        },
      });
      return true;
    } catch (error) {
      if (error === ALREADY) return false;
      throw error;
    }
  }
}
