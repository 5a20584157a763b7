// What the offer templates are given: choice lists in the reader's language, the state of each
// step, the service's cap, and the record as the host sees it.
import type { Language } from '../../../kernel/config.js';
import { t } from '../../../kernel/i18n/index.js';
import { formatNumber } from '../../../kernel/i18n/format.js';
import { communeName, REGION } from '../../../kernel/region.js';
import { policyFor } from '../../../kernel/policy.js';
import type { OfferRecord } from '../offer.model.js';
import { offerForOwner } from '../offer.presenters.js';
import { offerSubmissionProblems } from '../offer.rules.js';
import type { OfferDraft } from '../offer.schemas.js';
import {
  BENEFIT_STATUSES,
  DWELLING_TYPES,
  HOST_BENEFIT_SOURCES,
  PETS,
  RELATIONS,
  ROOM_KINDS,
  SCHEDULES,
  SERVICES,
  SEXES,
  SHARED_SPACES,
  TENURES,
} from '../vocabulary.js';
import { STEP_SLUGS, STEPS, stepOfPath, type StepSlug } from './offer-steps.js';

/** Languages a host can tick (SPEC §4: the household's languages are used in matching). */
export const HOST_LANGUAGES = ['fr', 'nl', 'en', 'ar', 'tr', 'es', 'pt', 'pl', 'ro', 'ru'] as const;

export interface Option {
  value: string;
  label: string;
}

function vocab(lang: Language, list: string, values: readonly string[], choose = false): Option[] {
  const options = values.map((value) => ({ value, label: t(lang, `intake.vocab.${list}.${value}`) }));
  return choose ? [{ value: '', label: t(lang, 'intake.offerPages.common.choose') }, ...options] : options;
}

function levels(lang: Language, name: 'noise' | 'guests'): Option[] {
  return ['1', '2', '3'].map((value) => ({ value, label: t(lang, `intake.offerPages.welcome.${name}${value}`) }));
}

export function options(lang: Language) {
  const communes = [...REGION.communes].map((c) => ({ value: c.code, label: communeName(c.code, lang) })).sort((a, b) => a.label.localeCompare(b.label, lang));
  return {
    languages: HOST_LANGUAGES.map((value) => ({ value, label: t(lang, `intake.offerPages.languageNames.${value}`) })),
    pets: vocab(lang, 'pets', PETS),
    relations: vocab(lang, 'relations', RELATIONS, true),
    sexes: [
      { value: '', label: t(lang, 'intake.offerPages.common.choose') },
      ...SEXES.map((value) => ({ value, label: t(lang, `intake.offerPages.household.sexes.${value}`) })),
    ],
    communes: [{ value: '', label: t(lang, 'intake.offerPages.home.chooseCommune') }, ...communes],
    dwellingTypes: vocab(lang, 'dwellingTypes', DWELLING_TYPES),
    roomKinds: vocab(lang, 'roomKinds', ROOM_KINDS, true),
    sharedSpaces: vocab(lang, 'sharedSpaces', SHARED_SPACES),
    services: vocab(lang, 'services', SERVICES),
    schedules: vocab(lang, 'schedules', SCHEDULES),
    tenures: vocab(lang, 'tenures', TENURES),
    hostBenefitSources: vocab(lang, 'hostBenefitSources', HOST_BENEFIT_SOURCES),
    benefitStatuses: vocab(lang, 'benefitStatuses', BENEFIT_STATUSES),
    noise: levels(lang, 'noise'),
    guests: levels(lang, 'guests'),
  };
}

export type StepState = 'done' | 'todo' | 'problems';

export function stepStates(app: OfferDraft): Record<StepSlug, StepState> {
  const problems = offerSubmissionProblems(app);
  const out = {} as Record<StepSlug, StepState>;
  for (const slug of STEP_SLUGS) {
    const entered = STEPS[slug].keys.some((k) => app[k] !== undefined && app[k] !== null);
    out[slug] = !entered ? 'todo' : problems.some((p) => stepOfPath(p.path) === slug) ? 'problems' : 'done';
  }
  return out;
}

/** The contribution cap and minimum commitment of the service's policy in force today (SPEC §2, §6.2): the service's rules, not law. */
export function serviceRules() {
  const policy = policyFor(new Date());
  return { cap: policy.contributionCapEur, minimumMonths: policy.minimumCommitmentMonths, policyTitle: policy.title };
}

/** The flow a page belongs to: the host's own pages, or a worker's on a host's behalf. */
export interface FlowView {
  kind: 'host' | 'staff';
  base: string;
  caseUrl: string | null;
  listUrl: string;
}

export function offerView(doc: OfferRecord, lang: Language, flow: FlowView, editable: boolean) {
  const offer = offerForOwner(doc);
  const app = doc.application;
  const states = stepStates(app);
  const steps = STEP_SLUGS.map((slug, i) => ({ slug, n: i + 1, url: `${flow.base}/${slug}`, state: states[slug] }));
  const next = steps.find((s) => s.state !== 'done');
  const commune = app.address?.commune;
  const contribution = app.contribution;
  const total = (contribution?.monthlyRent ?? 0) + (contribution?.monthlyCharges ?? 0);
  return {
    flow,
    offer,
    app,
    steps,
    stepTotal: STEP_SLUGS.length + 1,
    allDone: !next,
    continueUrl: next ? next.url : `${flow.base}/review`,
    editable,
    communeLabel: commune ? communeName(commune, lang) : '',
    rules: serviceRules(),
    monthlyTotal: total,
    overCap: total > serviceRules().cap,
  };
}

/** Answers in words for the summary: yes/no, labels of the value lists, lists joined. */
export function answerWords(lang: Language) {
  return {
    yn: (value: unknown) => (value === true ? t(lang, 'form.yes') : value === false ? t(lang, 'form.no') : ''),
    one: (list: string, value: unknown) => (typeof value === 'string' && value ? t(lang, `intake.vocab.${list}.${value}`) : ''),
    many: (list: string, values: unknown) =>
      Array.isArray(values)
        ? values.length
          ? values.map((v) => t(lang, list === 'languageNames' ? `intake.offerPages.languageNames.${v}` : `intake.vocab.${list}.${v}`)).join(', ')
          : t(lang, 'intake.offerPages.common.none')
        : '',
    level: (name: 'noise' | 'guests', value: unknown) => (typeof value === 'number' ? t(lang, `intake.offerPages.welcome.${name}${value}`) : ''),
    members: (rows: unknown) =>
      Array.isArray(rows) && rows.length
        ? rows
            .map((m: { birthYear?: number; relation?: string; sex?: string | null }) =>
              [
                m.relation ? t(lang, `intake.vocab.relations.${m.relation}`) : '?',
                m.birthYear ?? '?',
                ...(m.sex ? [t(lang, `intake.offerPages.household.sexes.${m.sex}`)] : []),
              ].join(', '),
            )
            .join(' · ')
        : '',
    rooms: (rows: unknown) =>
      Array.isArray(rows) && rows.length
        ? rows
            .map((r: { kind?: string; surfaceM2?: number; furnished?: boolean }) =>
              [
                r.kind ? t(lang, `intake.vocab.roomKinds.${r.kind}`) : '?',
                r.surfaceM2 !== undefined ? `${formatNumber(r.surfaceM2, lang)} m²` : '?',
                r.furnished === true
                  ? t(lang, 'intake.offerPages.space.furnished')
                  : r.furnished === false
                    ? t(lang, 'intake.offerPages.space.notFurnished')
                    : '',
              ]
                .filter(Boolean)
                .join(', '),
            )
            .join(' · ')
        : '',
  };
}
