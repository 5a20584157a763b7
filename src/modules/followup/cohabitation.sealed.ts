// The confidential parts of a cohabitation, sealed at rest with the family's data key (the family is
// the person they are about; erasing the family shreds them too). Dates, kinds and severities stay
// readable: alerts and statistics need them, and they say nothing without the text.
import { open, openMany, seal, type SealedPaths } from '../../kernel/crypto/sealed-fields.js';
import { familySubject } from '../intake/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';

export const COHABITATION_SEALED_PATHS: SealedPaths = [
  'checkins.*.note',
  'checkins.*.isolationScore',
  'checkins.*.isolationCriteria',
  // What the family's part of a check-in is written from (checkins.ts): the map and the services proposed.
  'checkins.*.network',
  'checkins.*.introductions',
  'incidents.*.description',
  'mediations.*.participants',
  'mediations.*.summary',
  'mediations.*.agreements',
  'ending.exitNote',
  'ending.referrals',
  'ending.fallbackNote',
  'notice.reason',
  'exitContact.note',
];

/** Seals one element before it is pushed to `list` (or set as `ending`), with the paths the reader opens. */
export async function sealPart<T>(familyId: string, field: 'checkins' | 'incidents' | 'mediations' | 'ending' | 'notice' | 'exitContact', part: T): Promise<T> {
  if (field === 'ending' || field === 'notice' || field === 'exitContact')
    return (await seal(familySubject(familyId), { [field]: part }, COHABITATION_SEALED_PATHS))[field]!;
  return (await seal(familySubject(familyId), { [field]: [part] }, COHABITATION_SEALED_PATHS))[field]![0]!;
}

export function openCohabitation(doc: CohabitationRecord): Promise<CohabitationRecord> {
  return open(familySubject(doc.familyId), doc, COHABITATION_SEALED_PATHS);
}

export function openCohabitations(docs: CohabitationRecord[]): Promise<CohabitationRecord[]> {
  return openMany(docs, (d) => familySubject(d.familyId), COHABITATION_SEALED_PATHS);
}

/**
 * What stays of a cohabitation once the family is erased: the confidential text goes (sealed with
 * the family's key, about to be shredded); dates, kinds, severities, wellbeing and isolation scores
 * stay for the statistics, and the agreement as the evidence both households signed.
 */
export function erasureLeftovers(c: CohabitationRecord): Pick<CohabitationRecord, 'checkins' | 'incidents' | 'mediations' | 'ending' | 'events'> {
  return {
    checkins: c.checkins.map(({ note: _note, ...k }) => ({ ...k, network: null, introductions: [] })),
    incidents: c.incidents.map(({ description: _d, ...i }) => i),
    mediations: c.mediations.map((m) => ({ date: m.date, at: m.at, by: m.by })),
    ending: c.ending ? { date: c.ending.date, reason: c.ending.reason, at: c.ending.at, by: c.ending.by } : null,
    events: c.events.map((e) => ({ ...e, reason: null })),
  };
}
