// Erasure (GDPR Art. 17) on intake's records: the person's identity and free text go, the key that
// sealed their casework is shredded, and what statistics need stays without a name: statuses, dates,
// communes, household size, isolation scores. Refused (409) while a proposal or a cohabitation is
// under way: it must be ended first, so nobody is left with half a case.
import { keyring } from '../../kernel/crypto/keyring.js';
import { ConflictError } from '../../kernel/errors.js';
import type { Actor } from './actor.js';
import type { FamilyDraft } from './family.schemas.js';
import { familySubject } from './family.sealed.js';
import { hostSubject } from './offer.sealed.js';
import type { FamilyService } from './family.service.js';
import type { OfferDraft } from './offer.schemas.js';
import type { OfferService } from './offer.service.js';

export const ERASED_NAME = '—';
const FAMILY_BUSY = ['proposed', 'matched', 'housed'];
const OFFER_BUSY = ['reserved', 'occupied'];

const pick = <T extends object>(from: T | undefined, keys: (keyof T)[]): Partial<T> =>
  Object.fromEntries(keys.filter((k) => from?.[k] !== undefined).map((k) => [k, from![k]])) as Partial<T>;

export async function pseudonymiseFamily(families: FamilyService, actor: Actor, id: string, now = new Date()): Promise<void> {
  const doc = await families.load(id);
  if (doc.erasedAt) return;
  if (FAMILY_BUSY.includes(doc.status))
    throw new ConflictError('privacy.erase.familyBusy', [{ path: '/families', messageKey: 'privacy.erase.familyBusy' }], 'ERASURE_BLOCKED');
  const app = doc.application;
  const children = (app.children ?? []).map((c) => ({ birthYear: c.birthYear }));
  const application: FamilyDraft = {
    parent: { firstName: ERASED_NAME, lastName: ERASED_NAME },
    children,
    situation: pick(app.situation, ['current', 'urgency']),
    needs: pick(app.needs, ['communes', 'minDurationMonths', 'maxMonthlyContribution']),
    benefits: pick(app.benefits, ['source']),
  };
  // Scores stay as bare numbers (statistics of isolation); criteria, notes and names go.
  const isolation = doc.isolation
    .filter((i) => typeof i.score === 'number')
    .map((i) => ({ context: i.context, score: i.score, at: i.at, by: 'erased', byName: ERASED_NAME }));
  await families.store.change({
    id,
    actor,
    set: {
      application,
      status: ['closed', 'rejected', 'draft'].includes(doc.status) ? doc.status : 'closed',
      interviews: [],
      network: [],
      isolation,
      // Sizes stay (statistics of the network), by kind: who the contacts were goes.
      networkHistory: (doc.networkHistory ?? []).map((n) => ({
        context: n.context,
        contacts: (Array.isArray(n.contacts) ? n.contacts : []).map((c: { kind?: string }) => ({ kind: c.kind })),
        at: n.at,
        by: 'erased',
        byName: ERASED_NAME,
      })),
      introductions: [],
      exclusions: { communes: [], offerIds: [], hostIds: [], reason: null },
      duplicateKeys: [],
      searchText: '',
      erasedAt: now,
    },
    event: { type: 'erased', from: doc.status, to: ['closed', 'rejected', 'draft'].includes(doc.status) ? doc.status : 'closed' },
    fields: ['/application', '/casework'],
  });
  // Event reasons are free text a worker wrote about the person: they go too (types and dates stay).
  await families.store.scrubEventReasons(id);
  await keyring.shred(familySubject(id));
}

export async function pseudonymiseOffer(offers: OfferService, actor: Actor, id: string, now = new Date()): Promise<void> {
  const doc = await offers.load(id);
  if (doc.erasedAt) return;
  if (OFFER_BUSY.includes(doc.status))
    throw new ConflictError('privacy.erase.offerBusy', [{ path: '/offers', messageKey: 'privacy.erase.offerBusy' }], 'ERASURE_BLOCKED');
  const app = doc.application;
  const application: OfferDraft = {
    host: { firstName: ERASED_NAME, lastName: ERASED_NAME },
    address: pick(app.address, ['postalCode', 'commune']),
    dwelling: pick(app.dwelling, ['type', 'netSurfaceM2']),
    rooms: app.rooms,
    contribution: pick(app.contribution, ['monthlyRent', 'monthlyCharges']),
  };
  const status = ['closed', 'draft'].includes(doc.status) ? doc.status : 'closed';
  await offers.store.change({
    id,
    actor,
    set: { application, status, references: [], recordChecks: [], duplicateKeys: [], searchText: '', erasedAt: now },
    event: { type: 'erased', from: doc.status, to: status },
    fields: ['/application', '/casework'],
  });
  await offers.store.scrubEventReasons(id);
  await keyring.shred(hostSubject(id));
}
