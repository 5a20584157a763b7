// What the worker's pages show, built from the records the services return: queue rows, the
// readable case, the event history with names, the choices of the forms. No database here.
import { networkHistoryView } from './network-history.view.js';
import { screeningView } from './screening-views.js';
import type { Language } from '../../../kernel/config.js';
import { communeName, REGION } from '../../../kernel/region.js';
import { displayLanguageName } from '../../../kernel/i18n/format.js';
import { hasKey, LOCALE_TAG, t } from '../../../kernel/i18n/index.js';
import { reasonText } from '../../../kernel/i18n/reasons.js';
import type { FamilyRecord } from '../family.model.js';
import { OFFER_TRANSITIONS, REVIEW_FROM } from '../lifecycle.js';
import type { OfferRecord } from '../offer.model.js';
import type { RecordEvent } from '../record-history.js';
import { schoolText } from './child-school.js';
import type { ChildSchool } from '../family.schemas.js';
import { ISOLATION_CRITERIA, NETWORK_KINDS } from '../vocabulary.js';
import type { StaffAccount } from './worker-lookup.js';
import type { Duplicate } from '../duplicates.js';
export type Option = { value: string; label: string };

export function communeOptions(lang: Language): Option[] {
  return REGION.communes.map((c) => ({ value: c.code, label: communeName(c.code, lang) })).sort((a, b) => a.label.localeCompare(b.label, LOCALE_TAG[lang]));
}

export function communeNames(codes: readonly (string | undefined)[] | undefined, lang: Language): string[] {
  return (codes ?? []).filter((c): c is string => typeof c === 'string').map((c) => communeName(c, lang));
}

export function languageNames(codes: readonly (string | undefined)[] | undefined, lang: Language): string[] {
  return (codes ?? []).filter((c): c is string => typeof c === 'string').map((c) => displayLanguageName(c, lang) ?? c);
}

export function personName(person: { firstName?: string; lastName?: string } | undefined, fallback: string): string {
  const name = [person?.firstName, person?.lastName].filter(Boolean).join(' ').trim();
  return name || fallback;
}

/** The name a case goes by on the staff pages: the person's, "(no name yet)", or "erased person" once their data is erased. */
export function caseName(doc: { erasedAt?: Date | null }, person: { firstName?: string; lastName?: string } | undefined, lang: Language): string {
  if (doc.erasedAt) return t(lang, 'intake.workerPages.erasedPerson');
  return personName(person, t(lang, 'intake.workerPages.noName'));
}

/** Kinds of match a duplicate warning names, in a fixed order. */
function matchedKinds(duplicates: Duplicate[]): string[] {
  const kinds = new Set(duplicates.flatMap((d) => d.matchedOn));
  return ['email', 'phone', 'name'].filter((k) => kinds.has(k));
}

export function familyRow(doc: FamilyRecord, names: Map<string, string>, duplicates: Duplicate[], lang: Language) {
  const app = doc.application;
  return {
    id: String(doc._id),
    name: caseName(doc, app.parent, lang),
    status: doc.status,
    urgency: app.situation?.urgency ?? null,
    confidential: app.situation?.confidentialAddress === true,
    communes: communeNames(app.needs?.communes, lang),
    children: app.children?.length ?? 0,
    expectedChild: Boolean(app.expectedChild?.dueDate),
    bedrooms: doc.bedrooms?.override?.value ?? doc.bedrooms?.computed ?? null,
    submittedAt: doc.submittedAt,
    assigned: doc.assignedWorkerId ? (names.get(doc.assignedWorkerId) ?? null) : null,
    duplicates: matchedKinds(duplicates),
  };
}

export function offerRow(doc: OfferRecord, names: Map<string, string>, duplicates: Duplicate[], lang: Language) {
  const app = doc.application;
  const rooms = app.rooms ?? [];
  const rent = app.contribution?.monthlyRent;
  const charges = app.contribution?.monthlyCharges;
  return {
    id: String(doc._id),
    name: caseName(doc, app.host, lang),
    status: doc.status,
    commune: app.address?.commune ? communeName(app.address.commune, lang) : null,
    rooms: rooms.length,
    bedrooms: rooms.filter((r) => r?.kind === 'bedroom').length,
    contribution: rent !== undefined || charges !== undefined ? (rent ?? 0) + (charges ?? 0) : null,
    availableFrom: app.availability?.from ?? null,
    submittedAt: doc.submittedAt,
    assigned: doc.assignedWorkerId ? (names.get(doc.assignedWorkerId) ?? null) : null,
    duplicates: matchedKinds(duplicates),
  };
}

/** What an event of a case's history was ("Status changed"); 'review.hold' is told as a review (its decision is the status change beside it). */
export function eventLabel(lang: Language, type: string): string {
  const exact = `intake.workerPages.events.${type}`;
  const family = `intake.workerPages.events.${type.split('.')[0]}`;
  return t(lang, hasKey(lang, exact) || !hasKey(lang, family) ? exact : family);
}

/** The event history, newest first, with names and labels ("who, when, what, why"). */
export function historyOf(events: RecordEvent[], names: Map<string, string>, lang: Language, statusList: 'familyStatuses' | 'offerStatuses') {
  return [...events]
    .sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())
    .map((e) => {
      const isStatusChange = Boolean(e.to && e.from && e.from !== e.to);
      return {
        at: e.at,
        actor:
          e.actorId === 'system'
            ? t(lang, 'intake.workerPages.history.system')
            : (names.get(e.actorId ?? '') ?? t(lang, 'intake.workerPages.history.unknownPerson')),
        role: e.actorRole && e.actorRole !== 'system' ? t(lang, `roles.${e.actorRole}`) : null,
        what: eventLabel(lang, e.type),
        from: isStatusChange ? t(lang, `intake.vocab.${statusList}.${e.from}`) : null,
        to: isStatusChange ? t(lang, `intake.vocab.${statusList}.${e.to}`) : null,
        reason: e.type === 'inspection' && e.reason ? t(lang, `intake.workerPages.inspection.outcomes.${e.reason}`) : reasonText(lang, e.reason),
      };
    });
}

function staffOptions(staff: StaffAccount[], lang: Language): Option[] {
  return staff.map((s) => ({ value: s.id, label: `${s.name} (${t(lang, `roles.${s.role}`)})` }));
}

function yearsAgo(year: number | undefined): number | null {
  return typeof year === 'number' ? new Date().getUTCFullYear() - year : null;
}

/** Which of the page's forms came back with errors (their <details> open). */
export function openForms(errors: { field: string }[] | undefined, prefixes: readonly string[]): Record<string, boolean> {
  return Object.fromEntries(prefixes.map((p) => [p, (errors ?? []).some((e) => e.field === p || e.field.startsWith(`${p}-`))]));
}

export interface CaseContext {
  lang: Language;
  names: Map<string, string>;
  staff: StaffAccount[];
  duplicates: Duplicate[];
}

export function familyCase(doc: FamilyRecord, ctx: CaseContext) {
  const { lang, names } = ctx;
  const app = doc.application;
  const status = doc.status;
  const byCreator = doc.createdBy?.role;
  const source =
    doc.referredBy || byCreator === 'partner'
      ? { kind: 'partner', name: names.get(doc.referredBy ?? doc.createdBy?.id ?? '') ?? null }
      : byCreator === 'worker' || byCreator === 'coordinator'
        ? { kind: 'worker', name: names.get(doc.createdBy?.id ?? '') ?? null }
        : { kind: 'parent', name: null };
  const latestIsolation = doc.isolation.length ? doc.isolation[doc.isolation.length - 1] : null;
  return {
    id: String(doc._id),
    version: doc.version,
    status,
    statusReason: doc.statusReason,
    name: caseName(doc, app.parent, lang),
    app,
    source,
    confidential: app.situation?.confidentialAddress === true,
    languages: languageNames(app.parent?.languages, lang),
    preferredLanguage: app.parent?.preferredLanguage ? languageNames([app.parent.preferredLanguage], lang)[0] : null,
    parentAge: yearsAgo(app.parent?.birthYear),
    children: (app.children ?? []).map((c) => ({ ...c, age: yearsAgo(c?.birthYear), schoolText: schoolText(lang, c?.school as ChildSchool | undefined) })),
    communes: communeNames(app.needs?.communes, lang),
    bedrooms: {
      computed: doc.bedrooms?.computed ?? null,
      override: doc.bedrooms?.override ?? null,
      needed: doc.bedrooms?.override?.value ?? doc.bedrooms?.computed ?? null,
    },
    submittedAt: doc.submittedAt,
    activatedAt: doc.activatedAt,
    consentsRecordedAt: doc.consentsRecordedAt,
    benefitsWarningAcknowledgedAt: doc.benefitsWarningAcknowledgedAt,
    assigned: doc.assignedWorkerId ? { id: doc.assignedWorkerId, name: names.get(doc.assignedWorkerId) ?? null } : null,
    staffOptions: staffOptions(ctx.staff, lang),
    duplicates: ctx.duplicates,
    decisions: (['activate', 'hold', 'reject'] as const).filter((d) => REVIEW_FROM[d].includes(status)),
    interviews: [...doc.interviews].reverse(),
    network: NETWORK_KINDS.map((kind) => ({ kind, contacts: doc.network.filter((c) => c.kind === kind) })).filter((g) => g.contacts.length > 0),
    networkRows: doc.network,
    networkKinds: NETWORK_KINDS.map((k) => ({ value: k, label: t(lang, `intake.vocab.networkKinds.${k}`) })),
    isolation: {
      latest: latestIsolation,
      history: [...doc.isolation].reverse(),
      criteria: ISOLATION_CRITERIA,
    },
    overTime: networkHistoryView(doc, lang),
    exclusions: {
      communes: doc.exclusions?.communes ?? [],
      communeNames: communeNames(doc.exclusions?.communes, lang),
      offerIds: doc.exclusions?.offerIds ?? [],
      hostIds: doc.exclusions?.hostIds ?? [],
      reason: doc.exclusions?.reason ?? null,
    },
    communeOptions: communeOptions(lang),
    history: historyOf(doc.events, names, lang, 'familyStatuses'),
  };
}

export const REFERENCES_WANTED = 2;

export function offerCase(doc: OfferRecord, ctx: CaseContext) {
  const { lang, names } = ctx;
  const app = doc.application;
  const status = doc.status;
  const household = (app.host?.household ?? []).map((m, index) => {
    const age = yearsAgo(m?.birthYear);
    const check = doc.recordChecks.find((c) => c.memberIndex === index) ?? null;
    return { index, birthYear: m?.birthYear ?? null, relation: m?.relation ?? null, age, adult: age === null || age >= 18, check };
  });
  const adults = household.filter((m) => m.adult);
  const rent = app.contribution?.monthlyRent;
  const charges = app.contribution?.monthlyCharges;
  const decisions: ('pause' | 'resume' | 'close')[] = [];
  // A suspended offer moves only by a coordinator's review (its own form).
  if (status === 'suspended') decisions.length = 0;
  else if (OFFER_TRANSITIONS[status]?.includes('paused')) decisions.push('pause');
  if (status === 'paused') decisions.push('resume');
  if (status !== 'suspended' && OFFER_TRANSITIONS[status]?.includes('closed')) decisions.push('close');
  return {
    id: String(doc._id),
    version: doc.version,
    status,
    statusReason: doc.statusReason,
    name: caseName(doc, app.host, lang),
    app,
    commune: app.address?.commune ? communeName(app.address.commune, lang) : null,
    languages: languageNames(app.host?.languages, lang),
    household,
    adults,
    adultsMissing: adults.filter((m) => !m.check),
    contributionTotal: rent !== undefined || charges !== undefined ? (rent ?? 0) + (charges ?? 0) : null,
    inspection: doc.inspection ?? null,
    ownerUserId: doc.ownerUserId ?? null,
    submittedAt: doc.submittedAt,
    assigned: doc.assignedWorkerId ? { id: doc.assignedWorkerId, name: names.get(doc.assignedWorkerId) ?? null } : null,
    staffOptions: staffOptions(ctx.staff, lang),
    duplicates: ctx.duplicates,
    decisions,
    adultOptions: adults.map((m) => ({
      value: String(m.index),
      label: [
        m.relation ? t(lang, `intake.vocab.relations.${m.relation}`) : t(lang, 'intake.workerPages.offer.recordChecks.person', { n: m.index + 1 }),
        m.birthYear ? String(m.birthYear) : null,
        m.check ? null : t(lang, 'intake.workerPages.offer.recordChecks.missing'),
      ]
        .filter(Boolean)
        .join(' – '),
    })),
    referenceOutcomes: (['positive', 'reserved', 'negative'] as const).map((o) => ({
      value: o,
      label: t(lang, `intake.workerPages.offer.references.outcomes.${o}`),
    })),
    references: [...doc.references].reverse(),
    referencesCount: doc.references.length,
    referencesWanted: REFERENCES_WANTED,
    history: historyOf(doc.events, names, lang, 'offerStatuses'),
    screening: screeningView(doc, lang),
    recordCheckResults: (['clear', 'not_clear'] as const).map((r) => ({ value: r, label: t(lang, `intake.workerPages.offer.recordChecks.results.${r}`) })),
    suspensionDecisions: (['lift', 'close'] as const).map((d) => ({ value: d, label: t(lang, `intake.workerPages.offer.suspension.decisions.${d}`) })),
  };
}
