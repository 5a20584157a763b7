// The person's data export (export.service.ts, the one source: what the JSON download holds, and
// nothing more) as a page to read and print: the same document turned into labelled rows in the
// reader's language. Labels come from the forms' own catalogues, codes become words (vocabularies,
// commune names), dates and money go through kernel/i18n/format.ts. Ids and version numbers stay in
// the JSON only. A leaf without a label is left out and listed in `unlabeled` (a test keeps it empty).
import type { Language } from '../../kernel/config.js';
import type { OwnUser } from '../../kernel/auth/user.model.js';
import { formatDay, formatInstant, formatMoney, formatNumber, isDay } from '../../kernel/i18n/format.js';
import { hasKey, t } from '../../kernel/i18n/index.js';
import { communeName } from '../../kernel/region.js';
import { schoolText, type ChildSchool } from '../intake/index.js';
import type { ExportService } from './export.service.js';

export type ExportDocument = Awaited<ReturnType<ExportService['exportFor']>>;
type Json = Record<string, unknown>;
/** A stored value as text: the export's values are strings, numbers, booleans and dates; anything else as its JSON. */
const plain = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : v instanceof Date
        ? v.toISOString()
        : v === null || v === undefined
          ? ''
          : JSON.stringify(v);

export interface Row {
  label: string;
  value: string;
}
export interface Block {
  title: string;
  rows: Row[];
}
export interface Section {
  id: 'account' | 'applications' | 'offers' | 'proposals' | 'cohabitations' | 'history';
  title: string;
  blocks: Block[];
}
export interface ReadableExport {
  exportedAt: string;
  sections: Section[];
  notIncluded: string;
  /** Paths of answers that have no label in the catalogues (left out of the page). */
  unlabeled: string[];
}

const R = 'privacy.readable';
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
const blank = (v: unknown) => v === null || v === undefined || v === '';

type Format = (value: unknown, lang: Language) => string;

const yesNo: Format = (v, lang) => (v === true ? t(lang, 'form.yes') : v === false ? t(lang, 'form.no') : '');
const word =
  (prefix: string, separator = '.'): Format =>
  (v, lang) =>
    blank(v) ? '' : t(lang, `${prefix}${separator}${plain(v)}`);
const words =
  (prefix: string): Format =>
  (v, lang) => {
    const list = Array.isArray(v) ? v : [];
    return list.length ? list.map((x) => t(lang, `${prefix}.${plain(x)}`)).join(', ') : t(lang, `${R}.none`);
  };
const day: Format = (v, lang) => (typeof v === 'string' ? formatDay(v, lang) : formatInstant(v as Date, lang, 'date'));
const money: Format = (v, lang) => (typeof v === 'number' ? formatMoney(v, lang) : '');
const squareMetres: Format = (v, lang) => (typeof v === 'number' ? `${formatNumber(v, lang)} m²` : '');
const counted =
  (key: string, name = 'count'): Format =>
  (v, lang) =>
    typeof v === 'number' ? t(lang, key, { [name]: v }) : '';
const communes: Format = (v, lang) =>
  Array.isArray(v) && v.length ? v.map((code) => communeName(plain(code), lang)).join(', ') : t(lang, 'intake.familyPages.review.anyCommune');

/** Anything without its own format: by type. */
const byType: Format = (v, lang) => {
  if (typeof v === 'boolean') return yesNo(v, lang);
  if (typeof v === 'number') return formatNumber(v, lang);
  if (v instanceof Date) return formatInstant(v, lang, 'datetime');
  if (typeof v === 'string' && isDay(v)) return formatDay(v, lang);
  if (typeof v === 'string' && ISO_INSTANT.test(v)) return formatInstant(v, lang, 'datetime');
  return plain(v);
};

interface Spec {
  label?: string;
  format?: Format;
  /** A list of objects: one row per item, labelled with its number. */
  item?: { label: string; describe: (item: Json, lang: Language) => string };
}

const joined = (parts: (string | null | undefined | false)[]) => parts.filter((p): p is string => Boolean(p)).join(' · ');

const FAMILY: Record<string, Spec> = {
  'parent.languages': { format: words('intake.vocab.languages') },
  'parent.preferredLanguage': { format: word('intake.vocab.languages') },
  children: {
    item: {
      label: 'intake.familyPages.children.childN',
      describe: (c, lang) =>
        joined([
          c.birthYear ? plain(c.birthYear) : null,
          c.sex ? t(lang, `intake.vocab.sexes.${plain(c.sex)}`) : null,
          c.custody ? t(lang, `intake.vocab.custody.${plain(c.custody)}`) : null,
          schoolText(lang, c.school as ChildSchool | null),
          c.specialNeeds as string | null,
        ]),
    },
  },
  'expectedChild.dueDate': { format: day },
  'situation.current': { format: word('intake.vocab.situations') },
  'situation.urgency': { format: word('intake.familyPages.situation.urgencyLevels') },
  'needs.moveInFrom': { format: day },
  'needs.moveInBy': { format: day },
  'needs.minDurationMonths': { format: counted('intake.familyPages.review.months') },
  'needs.maxMonthlyContribution': { format: money },
  'needs.communes': { format: communes },
  'needs.pets': { format: (v, lang) => (Array.isArray(v) && !v.length ? t(lang, 'intake.familyPages.review.noPets') : words('intake.vocab.pets')(v, lang)) },
  'lifestyle.schedule': { format: word('intake.vocab.schedules') },
  'lifestyle.noise': { format: word('intake.familyPages.dailyLife.noiseLevels') },
  'lifestyle.guests': { format: word('intake.familyPages.dailyLife.guestLevels') },
  servicesOffered: { format: words('intake.vocab.services') },
  'benefits.source': { format: word('intake.vocab.benefitSources') },
  'benefits.status': { format: word('intake.vocab.benefitStatuses') },
  'benefits.unemploymentEndsOn': { format: day },
  bedroomsNeeded: { label: 'intake.familyPages.housing.bedroomsTitle' },
};

const OFFER: Record<string, Spec> = {
  'host.languages': { format: words('intake.offerPages.languageNames') },
  'host.pets': { format: words('intake.vocab.pets') },
  'host.household': {
    item: {
      label: `${R}.personN`,
      describe: (m, lang) =>
        joined([
          m.relation ? t(lang, `intake.vocab.relations.${plain(m.relation)}`) : null,
          m.birthYear ? plain(m.birthYear) : null,
          m.sex ? t(lang, `intake.offerPages.household.sexes.${plain(m.sex)}`) : null,
        ]),
    },
  },
  'address.commune': { format: (v, lang) => (blank(v) ? '' : communeName(plain(v), lang)) },
  'dwelling.type': { format: word('intake.vocab.dwellingTypes') },
  'dwelling.netSurfaceM2': { format: squareMetres },
  rooms: {
    item: {
      label: `${R}.roomN`,
      describe: (r, lang) =>
        joined([
          r.kind ? t(lang, `intake.vocab.roomKinds.${plain(r.kind)}`) : null,
          squareMetres(r.surfaceM2, lang),
          r.furnished === true ? t(lang, `${R}.furnished`) : r.furnished === false ? t(lang, `${R}.unfurnished`) : null,
        ]),
    },
  },
  sharedSpaces: { format: words('intake.vocab.sharedSpaces') },
  'contribution.monthlyRent': { format: money },
  'contribution.monthlyCharges': { format: money },
  'contribution.servicesWanted': { format: words('intake.vocab.services') },
  'availability.from': { format: day },
  'availability.minDurationMonths': { format: counted('intake.offerPages.review.months', 'n') },
  'lifestyle.schedule': { format: word('intake.vocab.schedules') },
  'lifestyle.noise': { format: word('intake.offerPages.welcome.noise', '') },
  'lifestyle.guests': { format: word('intake.offerPages.welcome.guests', '') },
  'legal.tenure': { format: word('intake.vocab.tenures') },
  'benefits.source': { format: word('intake.vocab.hostBenefitSources') },
  'benefits.status': { format: word('intake.vocab.benefitStatuses') },
  'benefits.unemploymentEndsOn': { format: day },
  'inspection.outcome': { label: `${R}.inspectionOutcome`, format: (v, lang) => (blank(v) ? '' : t(lang, `conformity.pages.outcome.${plain(v)}.title`)) },
  'inspection.performedAt': { label: `${R}.inspectionPerformedAt`, format: day },
  'inspection.validUntil': { label: `${R}.inspectionValidUntil`, format: day },
  'inspection.remarksDeadline': { label: `${R}.inspectionRemarksDeadline`, format: day },
};

/** What the page shows elsewhere (title, history) or never (ids, versions). */
const RECORD_SKIP = new Set(['id', 'version', 'status', 'statusReason', 'createdAt', 'updatedAt', 'submittedAt', 'benefitsWarningAcknowledgedAt']);

function defaultLabel(kind: 'family' | 'offer', path: string[]): string {
  return kind === 'family' ? `intake.familyPages.fields.${path.join('.')}` : `intake.offerPages.label.${path.join('-')}`;
}

function recordRows(record: Json, kind: 'family' | 'offer', lang: Language, unlabeled: string[]): Row[] {
  const specs = kind === 'family' ? FAMILY : OFFER;
  const rows: Row[] = [];
  const visit = (value: unknown, path: string[]) => {
    const key = path.join('.');
    if (blank(value)) return;
    const spec = specs[key];
    if (spec?.item && Array.isArray(value)) {
      value.forEach((item, i) => isObject(item) && rows.push({ label: t(lang, spec.item!.label, { n: i + 1 }), value: spec.item!.describe(item, lang) }));
      return;
    }
    if (!spec && isObject(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
      return;
    }
    const label = spec?.label ?? defaultLabel(kind, path);
    if (!hasKey(lang, label)) {
      unlabeled.push(`${kind}:${key}`);
      return;
    }
    // A year is a name for a year, not an amount: "1989", never "1,989".
    const format = spec?.format ?? (path.at(-1)?.endsWith('Year') ? (v: unknown) => plain(v) : byType);
    rows.push({ label: t(lang, label), value: format(value, lang) });
  };
  for (const [k, v] of Object.entries(record)) if (!RECORD_SKIP.has(k)) visit(v, [k]);
  return rows;
}

function statusRows(record: Json, vocab: string, lang: Language): Row[] {
  const rows = [{ label: t(lang, `${R}.status`), value: t(lang, `intake.vocab.${vocab}.${plain(record.status)}`) }];
  if (typeof record.statusReason === 'string' && record.statusReason) rows.push({ label: t(lang, `${R}.statusReason`), value: record.statusReason });
  return rows;
}

function accountBlock(account: OwnUser, lang: Language): Block {
  return {
    title: t(lang, `${R}.account`),
    rows: [
      { label: t(lang, `${R}.name`), value: account.name },
      { label: t(lang, `${R}.email`), value: account.email },
      { label: t(lang, `${R}.role`), value: t(lang, `roles.${account.role}`) },
      { label: t(lang, `${R}.language`), value: t(lang, `languages.${account.language}`) },
      { label: t(lang, `${R}.emailVerified`), value: yesNo(account.emailVerified, lang) },
    ],
  };
}

function proposalBlock(p: Json, n: number, lang: Language): Block {
  const answer = isObject(p.myAnswer) ? p.myAnswer : null;
  const rows: Row[] = [
    { label: t(lang, `${R}.status`), value: t(lang, `matching.pages.status.${plain(p.status)}`) },
    { label: t(lang, `${R}.proposedOn`), value: byType(p.createdAt, lang) },
    { label: t(lang, `${R}.myAnswer`), value: answer ? t(lang, `${R}.decision.${plain(answer.decision)}`) : t(lang, `${R}.noAnswerYet`) },
  ];
  if (answer?.reason) rows.push({ label: t(lang, `${R}.myReason`), value: plain(answer.reason) });
  if (p.closedAt) rows.push({ label: t(lang, `${R}.closedOn`), value: byType(p.closedAt, lang) });
  return { title: t(lang, `${R}.proposalN`, { n }), rows };
}

function cohabitationBlock(c: Json, n: number, lang: Language): Block {
  const P = 'followup.pages';
  const a = isObject(c.agreement) ? c.agreement : {};
  const signatures = isObject(c.signatures) ? c.signatures : {};
  const ending = isObject(c.ending) ? c.ending : null;
  const signed = (at: unknown) => (at ? t(lang, `${P}.agreement.signedOn`, { date: byType(at, lang) }) : t(lang, `${P}.agreement.notSigned`));
  const services = Array.isArray(a.servicesExchanged)
    ? (a.servicesExchanged as Json[])
        .map((s) => `${t(lang, `intake.vocab.services.${plain(s.code)}`)} (${t(lang, `${R}.hoursPerWeek`, { count: Number(s.hoursPerWeek) })})`)
        .join(', ')
    : '';
  const rows: Row[] = [
    { label: t(lang, `${R}.status`), value: t(lang, `${P}.status.${plain(c.status)}`) },
    { label: t(lang, `${P}.agreement.start`), value: day(c.startDate, lang) },
    { label: t(lang, `${R}.trialEndsOn`), value: day(c.trialEndsOn, lang) },
    {
      label: t(lang, `${P}.agreement.contribution`),
      value: typeof a.monthlyContribution === 'number' ? t(lang, `${P}.agreement.perMonth`, { amount: formatMoney(a.monthlyContribution, lang) }) : '',
    },
    { label: t(lang, `${P}.agreement.services`), value: services || plain(a.servicesText ?? '') || t(lang, `${P}.agreement.none`) },
    { label: t(lang, `${P}.agreement.duration`), value: typeof a.durationMonths === 'number' ? t(lang, `${P}.agreement.months`, { n: a.durationMonths }) : '' },
    { label: t(lang, `${P}.agreement.trial`), value: typeof a.trialDays === 'number' ? t(lang, `${P}.agreement.days`, { n: a.trialDays }) : '' },
    { label: t(lang, `${P}.agreement.notice`), value: typeof a.noticeDays === 'number' ? t(lang, `${P}.agreement.days`, { n: a.noticeDays }) : '' },
    { label: t(lang, `${P}.agreement.rules`), value: plain(a.houseRules ?? '') || t(lang, `${P}.agreement.none`) },
    { label: t(lang, `${P}.agreement.schedule`), value: plain(a.sharedSpacesSchedule ?? '') || t(lang, `${P}.agreement.none`) },
    { label: t(lang, `${R}.signatureFamily`), value: signed(signatures.family) },
    { label: t(lang, `${R}.signatureHost`), value: signed(signatures.host) },
    { label: t(lang, `${R}.nextCheckin`), value: day(c.nextCheckin, lang) },
  ];
  if (ending) {
    rows.push({ label: t(lang, `${R}.endedOn`), value: day(ending.date, lang) });
    if (ending.reason) rows.push({ label: t(lang, `${P}.ending.reason`), value: t(lang, `${P}.endReasons.${plain(ending.reason)}`) });
  }
  for (const item of Array.isArray(c.checklist) ? (c.checklist as Json[]) : []) {
    rows.push({
      label: t(lang, `${P}.checklist.${plain(item.code)}.title`),
      value: item.done ? t(lang, `${R}.done`) : t(lang, `${R}.dueOn`, { date: day(item.dueOn, lang) }),
    });
  }
  return { title: t(lang, `${R}.cohabitationN`, { n }), rows: rows.filter((r) => r.value !== '') };
}

interface Moment {
  at: string;
  what: string;
}

/** The dates the export holds, in order: when each thing happened. */
function history(data: ExportDocument, lang: Language): Block {
  const moments: Moment[] = [];
  const add = (at: unknown, key: string, params: Record<string, string | number> = {}) => {
    if (!at) return;
    const iso = at instanceof Date ? at.toISOString() : plain(at);
    moments.push({ at: iso, what: t(lang, `${R}.history.${key}`, params) });
  };
  for (const f of data.applications) {
    add(f.createdAt, 'applicationStarted');
    add(f.submittedAt, 'applicationSent');
    add(f.benefitsWarningAcknowledgedAt, 'benefitsWarningRead');
  }
  for (const o of data.offers) {
    add(o.createdAt, 'offerStarted');
    add(o.submittedAt, 'offerSent');
    // The visit's day is stored as midnight UTC: shown as that day, not as an hour.
    const visited = isObject(o.inspection) ? o.inspection.performedAt : null;
    add(visited ? (visited instanceof Date ? visited.toISOString() : plain(visited)).slice(0, 10) : null, 'homeVisited');
  }
  data.proposals.forEach((p, i) => {
    add(p.createdAt, 'proposalMade', { n: i + 1 });
    if (isObject(p.myAnswer)) add(p.myAnswer.at, `answered.${plain(p.myAnswer.decision)}`, { n: i + 1 });
    add(p.closedAt, 'proposalClosed', { n: i + 1, status: t(lang, `matching.pages.status.${plain(p.status)}`) });
  });
  data.cohabitations.forEach((c, i) => {
    add(c.signatures.family, 'signedFamily', { n: i + 1 });
    add(c.signatures.host, 'signedHost', { n: i + 1 });
    add(c.startDate, 'cohabitationStarted', { n: i + 1 });
    add(isObject(c.ending) ? c.ending.date : null, 'cohabitationEnded', { n: i + 1 });
  });
  moments.sort((a, b) => a.at.localeCompare(b.at));
  return { title: '', rows: moments.map((m) => ({ label: byType(m.at, lang), value: m.what })) };
}

export function readableExport(data: ExportDocument, lang: Language): ReadableExport {
  const unlabeled: string[] = [];
  const applications = data.applications.map((f, i) => ({
    title: t(lang, `${R}.applicationN`, { n: i + 1 }),
    rows: [...statusRows(f, 'familyStatuses', lang), ...recordRows(f, 'family', lang, unlabeled)],
  }));
  const offers = data.offers.map((o, i) => ({
    title: t(lang, `${R}.offerN`, { n: i + 1 }),
    rows: [...statusRows(o, 'offerStatuses', lang), ...recordRows(o, 'offer', lang, unlabeled)],
  }));
  const role = data.account.role;
  const sections: Section[] = [{ id: 'account', title: t(lang, `${R}.sections.account`), blocks: [accountBlock(data.account, lang)] }];
  if (role === 'parent') sections.push({ id: 'applications', title: t(lang, `${R}.sections.applications`), blocks: applications });
  if (role === 'host') sections.push({ id: 'offers', title: t(lang, `${R}.sections.offers`), blocks: offers });
  if (role === 'parent' || role === 'host') {
    sections.push({ id: 'proposals', title: t(lang, `${R}.sections.proposals`), blocks: data.proposals.map((p, i) => proposalBlock(p, i + 1, lang)) });
    sections.push({
      id: 'cohabitations',
      title: t(lang, `${R}.sections.cohabitations`),
      blocks: data.cohabitations.map((c, i) => cohabitationBlock(c, i + 1, lang)),
    });
  }
  sections.push({ id: 'history', title: t(lang, `${R}.sections.history`), blocks: [history(data, lang)] });
  for (const section of sections) section.blocks = section.blocks.filter((b) => b.rows.length > 0);
  return { exportedAt: formatInstant(data.exportedAt, lang, 'datetime'), sections, notIncluded: data.notIncluded.workerNotes, unlabeled };
}
