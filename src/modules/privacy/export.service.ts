// The person's own data (GDPR Art. 15 and 20), as one JSON document: their account, their
// applications or offers, their answers to proposals and their cohabitations as a party sees them.
// Nobody else's data: the other household appears by id only. The workers' confidential notes are
// not in it; the document says so and how to ask for them (a worker reviews third parties' data first).
import type { AccountsService } from '../../kernel/auth/accounts.service.js';
import { ownUser } from '../../kernel/auth/user.model.js';
import { audit } from '../../kernel/audit/audit.service.js';
import type { Language } from '../../kernel/config.js';
import { t } from '../../kernel/i18n/index.js';
import { familyForOwner, offerForOwner, type Actor, type FamilyService, type OfferService } from '../intake/index.js';
import type { ProposalRecord, ProposalService } from '../matching/index.js';
import { cohabitationForParty, cohabitationsOf } from '../followup/index.js';

export const EXPORT_FORMAT = 'cohabitation-export/1';

function ownAnswer(p: ProposalRecord, side: 'family' | 'host') {
  const mine = p.responses?.[side];
  return {
    id: String(p._id),
    status: p.status,
    createdAt: p.createdAt,
    closedAt: p.closedAt,
    myAnswer: mine?.decision ? { decision: mine.decision, reason: mine.reason ?? null, at: mine.at } : null,
  };
}

export class ExportService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly families: FamilyService,
    private readonly offers: OfferService,
    private readonly proposals: ProposalService,
  ) {}

  async exportFor(actor: Actor, lang: Language, now = new Date()) {
    const account = ownUser(await this.accounts.getUser(actor.id));
    const side = actor.role === 'parent' ? 'family' : actor.role === 'host' ? 'host' : null;
    const families = actor.role === 'parent' ? (await this.families.list(actor, { limit: 200 })).items : [];
    const offers = actor.role === 'host' ? (await this.offers.list(actor, { limit: 200 })).items : [];
    const proposals = side ? (await this.proposals.list(actor)).map((p) => ownAnswer(p, side)) : [];
    const cohabitations = side ? (await cohabitationsOf(actor, this.families, this.offers)).items.map((c) => cohabitationForParty(c, side)) : [];
    await audit({
      actorId: actor.id,
      actorRole: actor.role,
      action: 'privacy.export',
      targetType: 'user',
      targetId: actor.id,
      fields: ['account', 'families', 'offers', 'proposals', 'cohabitations'],
    });
    return {
      format: EXPORT_FORMAT,
      exportedAt: now.toISOString(),
      account,
      applications: families.map(familyForOwner),
      offers: offers.map(offerForOwner),
      proposals,
      cohabitations,
      notIncluded: {
        workerNotes: t(lang, 'privacy.export.workerNotes'),
      },
    };
  }
}
