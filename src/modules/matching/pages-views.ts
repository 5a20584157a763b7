// What the matching pages show, built from the records and results the services return: offer and
// family facts for the cards, the pseudonymous summaries of a proposal in words, the score's class.
// No database here.
import type { Language } from '../../kernel/config.js';
import { ageOn } from '../../kernel/housing-norms.js';
import { hasKey, t } from '../../kernel/i18n/index.js';
import { displayLanguageName, formatDay, formatMoney, formatNumber } from '../../kernel/i18n/format.js';
import { communeName } from '../../kernel/region.js';
import type { FamilyRecord, OfferRecord } from '../intake/index.js';
import type { MatchItem } from './candidates.service.js';
import type { familySummary, offerSummary } from './proposal.presenters.js';
import type { ProposalRecord } from './proposal.model.js';

/** A language's name in the reader's language: the intake list first, else the browser's names. */
export function languageName(code: string, lang: Language): string {
  const key = `intake.vocab.languages.${code}`;
  if (hasKey(lang, key)) return t(lang, key);
  return displayLanguageName(code, lang) ?? code;
}

/** What a worker's card says about an offered home. */
export function offerFacts(doc: OfferRecord, lang: Language) {
  const app = doc.application;
  const rooms = (app.rooms ?? []).filter((r) => r && r.kind);
  const rent = app.contribution?.monthlyRent ?? 0;
  const charges = app.contribution?.monthlyCharges ?? 0;
  return {
    id: String(doc._id),
    status: doc.status,
    hostFirstName: app.host?.firstName ?? '–',
    commune: app.address?.commune ? communeName(app.address.commune, lang) : '–',
    rent,
    charges,
    contribution: rent + charges,
    availableFrom: app.availability?.from ?? null,
    minDurationMonths: app.availability?.minDurationMonths ?? null,
    bedrooms: rooms.filter((r) => r.kind === 'bedroom').map((r) => `${formatNumber(r.surfaceM2 ?? 0, lang)}\u00a0m²`),
  };
}

/** What a worker's card says about a family. */
export function familyFacts(doc: FamilyRecord, lang: Language) {
  const app = doc.application;
  const now = new Date();
  const ages = (app.children ?? []).flatMap((c) =>
    typeof c?.birthYear === 'number' ? [ageOn({ birthYear: c.birthYear, birthMonth: c.birthMonth }, now)] : [],
  );
  return {
    id: String(doc._id),
    status: doc.status,
    firstName: app.parent?.firstName ?? '–',
    fullName: [app.parent?.firstName, app.parent?.lastName].filter(Boolean).join(' ') || '–',
    urgency: app.situation?.urgency ?? null,
    /** Must be rehoused after an ending: the reason of its priority in the plan. */
    rehousing: !!doc.rehousing?.since,
    childAges: ages.sort((a, b) => b - a),
    expectingChild: Boolean(app.expectedChild?.dueDate),
    moveInFrom: app.needs?.moveInFrom ?? null,
    maxContribution: app.needs?.maxMonthlyContribution ?? null,
    communes: (app.needs?.communes ?? []).map((c) => communeName(c, lang)),
    confidential: app.situation?.confidentialAddress === true,
  };
}

/** A scored candidate as a card shows it: the facts, the score, reasons, blockers. */
export function candidateView<T extends object>(item: MatchItem, facts: T, taken: boolean) {
  return { facts, score: item.score, eligible: item.eligible, criteria: item.criteria, blockers: item.blockers, taken };
}

// ---- The pseudonymous summaries of a proposal (SPEC §1: no surname, address or contact) ----

type Row = { label: string; value: string };
type Section = { title: string; rows: Row[]; list?: string[] };

const P = 'matching.pages.summary';

function yesNo(value: boolean | undefined | null, lang: Language): string {
  return value === true ? t(lang, 'form.yes') : value === false ? t(lang, 'form.no') : t(lang, `${P}.unknown`);
}

function vocab(list: string, values: readonly string[] | undefined | null, lang: Language): string {
  if (!values || values.length === 0) return t(lang, `${P}.none`);
  return values.map((v) => t(lang, `intake.vocab.${list}.${v}`)).join(', ');
}

function money(value: number, lang: Language): string {
  return formatMoney(value, lang);
}

function day(iso: string | null | undefined, lang: Language): string {
  if (!iso) return t(lang, `${P}.unknown`);
  return formatDay(iso, lang);
}

/** A value shown with `show`, or "unknown" (a field the application does not hold, e.g. since an erasure). */
function known<T>(value: T | null | undefined, show: (v: T) => string, lang: Language): string {
  return value === undefined || value === null ? t(lang, `${P}.unknown`) : show(value);
}

function lifestyleRows(l: { schedule?: string; noise?: number; guests?: number } | undefined, lang: Language): Row[] {
  if (!l) return [];
  return [
    { label: t(lang, `${P}.schedule`), value: l.schedule ? t(lang, `intake.vocab.schedules.${l.schedule}`) : t(lang, `${P}.unknown`) },
    { label: t(lang, `${P}.noise`), value: l.noise ? t(lang, `${P}.noiseLevels.${l.noise}`) : t(lang, `${P}.unknown`) },
    { label: t(lang, `${P}.guests`), value: l.guests ? t(lang, `${P}.guestsLevels.${l.guests}`) : t(lang, `${P}.unknown`) },
  ];
}

/** The home and its host, as a parent may see them before both have said yes. */
export function offerSummaryView(s: ReturnType<typeof offerSummary>, lang: Language): { name: string; sections: Section[]; houseRules: string | null } {
  const rooms = (s.rooms ?? []).map((r) =>
    t(lang, r.furnished ? `${P}.roomFurnished` : `${P}.room`, {
      kind: t(lang, `intake.vocab.roomKinds.${r.kind}`),
      surface: known(r.surfaceM2, (m2) => formatNumber(m2, lang), lang),
    }),
  );
  const rent = s.contribution?.monthlyRent ?? 0;
  const charges = s.contribution?.monthlyCharges ?? 0;
  return {
    name: s.hostFirstName ?? '–',
    houseRules: s.houseRules,
    sections: [
      {
        title: t(lang, `${P}.hostTitle`),
        rows: [
          { label: t(lang, `${P}.firstName`), value: s.hostFirstName ?? '–' },
          {
            label: t(lang, `${P}.household`),
            value: s.householdSize <= 1 ? t(lang, `${P}.livesAlone`) : t(lang, `${P}.householdOf`, { count: s.householdSize }),
          },
          { label: t(lang, `${P}.hostSingleParent`), value: yesNo(s.hostIsSingleParent, lang) },
          { label: t(lang, `${P}.languages`), value: (s.languages ?? []).map((c) => languageName(c, lang)).join(', ') || t(lang, `${P}.none`) },
          { label: t(lang, `${P}.pets`), value: vocab('pets', s.pets, lang) },
          { label: t(lang, `${P}.smokingHousehold`), value: yesNo(s.smokingHousehold, lang) },
        ],
      },
      {
        title: t(lang, `${P}.homeTitle`),
        rows: [
          { label: t(lang, `${P}.commune`), value: known(s.commune, (c) => communeName(c, lang), lang) },
          { label: t(lang, `${P}.dwelling`), value: known(s.dwellingType, (d) => t(lang, `intake.vocab.dwellingTypes.${d}`), lang) },
          {
            label: t(lang, `${P}.floor`),
            value: known(s.floor, (floor) => (floor === 0 ? t(lang, `${P}.groundFloor`) : t(lang, `${P}.floorN`, { floor })), lang),
          },
          { label: t(lang, `${P}.elevator`), value: yesNo(s.elevator, lang) },
          { label: t(lang, `${P}.stepFree`), value: yesNo(s.stepFreeAccess, lang) },
          { label: t(lang, `${P}.privateBathroom`), value: yesNo(s.privateBathroom, lang) },
          { label: t(lang, `${P}.shared`), value: vocab('sharedSpaces', s.sharedSpaces, lang) },
        ],
      },
      { title: t(lang, `${P}.roomsTitle`), rows: [], list: rooms.length ? rooms : [t(lang, `${P}.none`)] },
      {
        title: t(lang, `${P}.moneyTitle`),
        rows: [
          { label: t(lang, `${P}.rent`), value: money(rent, lang) },
          { label: t(lang, `${P}.charges`), value: money(charges, lang) },
          { label: t(lang, `${P}.total`), value: money(rent + charges, lang) },
          { label: t(lang, `${P}.servicesWanted`), value: vocab('services', s.contribution?.servicesWanted, lang) },
        ],
      },
      {
        title: t(lang, `${P}.datesTitle`),
        rows: [
          { label: t(lang, `${P}.availableFrom`), value: day(s.availableFrom, lang) },
          { label: t(lang, `${P}.minDuration`), value: known(s.minDurationMonths, (count) => t(lang, `${P}.months`, { count }), lang) },
        ],
      },
      { title: t(lang, `${P}.dailyLifeTitle`), rows: lifestyleRows(s.lifestyle, lang) },
    ],
  };
}

/** The family, as a host may see it before both have said yes (only what the family agreed to share). */
export function familySummaryView(
  s: ReturnType<typeof familySummary>,
  lang: Language,
): { name: string; sections: Section[]; houseRules: null; notShared: boolean } {
  const dates = {
    title: t(lang, `${P}.datesTitle`),
    rows: [
      { label: t(lang, `${P}.moveInFrom`), value: day(s.moveInFrom, lang) },
      { label: t(lang, `${P}.moveInBy`), value: day(s.moveInBy, lang) },
    ],
  };
  if (!s.shared) {
    const children = s.children.map((c) => t(lang, `${P}.childInBand`, { band: c.ageBand ?? '–' }));
    if (s.expectingChild) children.push(t(lang, `${P}.expecting`));
    return {
      name: t(lang, `${P}.familyOf`, { count: s.householdSize }),
      houseRules: null,
      notShared: true,
      sections: [
        { title: t(lang, `${P}.familyTitle`), rows: [{ label: t(lang, `${P}.householdSize`), value: String(s.householdSize) }] },
        { title: t(lang, `${P}.childrenTitle`), rows: [], list: children.length ? children : [t(lang, `${P}.noChildren`)] },
        dates,
      ],
    };
  }
  const children = s.children.map((c) => t(lang, `${P}.childAged`, { age: c.age ?? '–' }));
  if (s.expectingChild) children.push(t(lang, `${P}.expecting`));
  return {
    name: s.firstName ?? '–',
    houseRules: null,
    notShared: false,
    sections: [
      {
        title: t(lang, `${P}.familyTitle`),
        rows: [
          { label: t(lang, `${P}.firstName`), value: s.firstName ?? '–' },
          { label: t(lang, `${P}.householdSize`), value: String(s.householdSize) },
          { label: t(lang, `${P}.languages`), value: s.languages.map((c) => languageName(c, lang)).join(', ') || t(lang, `${P}.none`) },
          { label: t(lang, `${P}.servicesOffered`), value: vocab('services', s.servicesOffered, lang) },
        ],
      },
      { title: t(lang, `${P}.childrenTitle`), rows: [], list: children.length ? children : [t(lang, `${P}.noChildren`)] },
      dates,
    ],
  };
}

/** A proposal in a list: the two sides in a few words, status, dates, answers. */
export function proposalRow(p: ProposalRecord, family: FamilyRecord | null, offer: OfferRecord | null, lang: Language) {
  const f = family ? familyFacts(family, lang) : null;
  const o = offer ? offerFacts(offer, lang) : null;
  return {
    id: String(p._id),
    status: p.status,
    createdAt: p.createdAt,
    expiresAt: p.expiresAt,
    closedAt: p.closedAt,
    family: f ? { id: f.id, firstName: f.firstName, fullName: f.fullName, children: f.childAges.length } : null,
    offer: o ? { id: o.id, hostFirstName: o.hostFirstName, commune: o.commune } : null,
    answers: {
      family: p.responses?.family ? { decision: p.responses.family.decision, reason: p.responses.family.reason ?? null, at: p.responses.family.at } : null,
      host: p.responses?.host ? { decision: p.responses.host.decision, reason: p.responses.host.reason ?? null, at: p.responses.host.at } : null,
    },
  };
}
