// The report form of a visit (SPEC §6.2), filled on a phone without JavaScript. What was typed is
// kept in the session as a draft (save, add or remove a room, or a refused submission), so a lost
// connection or a mistake never costs the worker their notes. Fields are named so that the
// service's error paths name them: items[3][note] ↔ /items/3/note ↔ id items-3-note.
import type { Request } from 'express';
import type { Language } from '../../kernel/config.js';
import { ValidationError, type ErrorDetail } from '../../kernel/errors.js';
import { coerceForm } from '../../kernel/http/form-coercion.js';
import { t } from '../../kernel/i18n/index.js';
import { minimumSurfaceM2 } from '../../kernel/housing-norms.js';
import { policyFor } from '../../kernel/policy.js';
import type { Category, RuleSet } from '../../kernel/rulesets.js';
import type { OfferRecord } from '../intake/index.js';
import { reportProblems } from './inspection.outcome.js';
import { validateReport, type ReportInput } from './inspection.schemas.js';
import { offerFacts } from './inspection.service.js';
import { brusselsDay, brusselsToUtc, parseDateField } from './pages-time.js';

export const CATEGORIES: readonly Category[] = ['safety', 'salubrity', 'equipment', 'adequacy', 'commitment'];
export const REPORT_ROOM_KINDS = ['bedroom', 'living', 'kitchen', 'bathroom', 'office', 'other'] as const;
const RESULTS = ['pass', 'fail', 'na'] as const;
const MAX_ROOMS = 30;
const MAX_DRAFTS = 5;

export interface RoomRow {
  kind: string;
  surfaceM2: string;
  ceilingHeightM: string;
}

/** Everything typed on the report page, as typed (strings), so it can always be shown again. */
export interface ReportDraft {
  performedAt: string;
  answers: Record<string, { result?: string; note?: string; scope?: string }>;
  smokeCount?: string;
  smokeInterconnected?: boolean;
  rooms: RoomRow[];
  dwellingSurfaceM2: string;
  savedAt: number;
}

declare module 'express-session' {
  interface SessionData {
    /** Report drafts of the visits this person is filling in, by inspection id. */
    conformityReportDrafts?: Record<string, ReportDraft>;
  }
}

export function getDraft(req: Request, inspectionId: string): ReportDraft | undefined {
  return req.session.conformityReportDrafts?.[inspectionId];
}

export function keepDraft(req: Request, inspectionId: string, draft: ReportDraft): void {
  const drafts = { ...(req.session.conformityReportDrafts ?? {}), [inspectionId]: draft };
  // A session holds a few drafts at most: the oldest go first.
  const ids = Object.keys(drafts).sort((a, b) => drafts[b]!.savedAt - drafts[a]!.savedAt);
  for (const id of ids.slice(MAX_DRAFTS)) delete drafts[id];
  req.session.conformityReportDrafts = drafts;
}

export function dropDraft(req: Request, inspectionId: string): void {
  if (!req.session.conformityReportDrafts?.[inspectionId]) return;
  const { [inspectionId]: _gone, ...rest } = req.session.conformityReportDrafts;
  req.session.conformityReportDrafts = rest;
}

/** A first draft: today's date, nothing answered, one row per room the host declared (kind only: surfaces are measured). */
export function emptyDraft(offer: OfferRecord, now = new Date()): ReportDraft {
  const declared = (offer.application.rooms ?? []).map((r) => ({
    kind: (REPORT_ROOM_KINDS as readonly string[]).includes(r.kind ?? '') ? r.kind! : 'other',
    surfaceM2: '',
    ceilingHeightM: '',
  }));
  return {
    performedAt: brusselsDay(now),
    answers: {},
    rooms: declared.length ? declared : [{ kind: 'bedroom', surfaceM2: '', ceilingHeightM: '' }],
    dwellingSurfaceM2: '',
    savedAt: 0,
  };
}

/** qs gives an array for rows 0–20 and an object beyond: the rows in order either way. */
function rows(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v) => v && typeof v === 'object') as Record<string, unknown>[];
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => /^\d+$/.test(k) && v && typeof v === 'object')
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => v as Record<string, unknown>);
  }
  return [];
}

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** The posted form as a draft; values that are not a checklist code or an answer are left out. */
export function readDraft(body: unknown, now = new Date()): ReportDraft {
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const answers: ReportDraft['answers'] = {};
  for (const row of rows(form.items)) {
    const code = text(row.code, 20);
    if (!/^[A-Z]-[A-Z]+$/.test(code) || answers[code]) continue;
    const result = text(row.result, 4);
    const scope = text(row.scope, 20);
    answers[code] = {
      result: (RESULTS as readonly string[]).includes(result) ? result : undefined,
      note: text(row.note, 2000),
      ...(scope === 'other_rooms' || scope === 'family_rooms' ? { scope } : {}),
    };
  }
  const smoke = (form.smokeDetectors && typeof form.smokeDetectors === 'object' ? form.smokeDetectors : {}) as Record<string, unknown>;
  const rooms = rows(form.rooms)
    .slice(0, MAX_ROOMS)
    .map((row) => ({
      kind: (REPORT_ROOM_KINDS as readonly string[]).includes(text(row.kind, 20)) ? text(row.kind, 20) : 'other',
      surfaceM2: text(row.surfaceM2, 20),
      ceilingHeightM: text(row.ceilingHeightM, 20),
    }));
  return {
    performedAt: text(form.performedAt, 20),
    answers,
    rooms,
    dwellingSurfaceM2: text(form.dwellingSurfaceM2, 20),
    smokeCount: text(smoke.count, 5),
    smokeInterconnected: smoke.interconnected === 'yes',
    savedAt: now.getTime(),
  };
}

/** What the buttons of the report form ask for. */
export type ReportAction = { kind: 'save'; anchor?: string } | { kind: 'addRoom' } | { kind: 'removeRoom'; index: number } | { kind: 'submit' };

export function readAction(body: unknown): ReportAction {
  const value = text((body as Record<string, unknown> | undefined)?.action, 40);
  if (value === 'submit') return { kind: 'submit' };
  if (value === 'add-room') return { kind: 'addRoom' };
  const remove = /^remove-room-(\d{1,2})$/.exec(value);
  if (remove) return { kind: 'removeRoom', index: Number(remove[1]) };
  const section = /^save-([a-z]+)$/.exec(value);
  if (section && (CATEGORIES as readonly string[]).includes(section[1]!)) return { kind: 'save', anchor: section[1] };
  return { kind: 'save' };
}

export function addRoom(draft: ReportDraft): ReportDraft {
  if (draft.rooms.length >= MAX_ROOMS) return draft;
  return { ...draft, rooms: [...draft.rooms, { kind: 'bedroom', surfaceM2: '', ceilingHeightM: '' }] };
}

export function removeRoom(draft: ReportDraft, index: number): ReportDraft {
  return { ...draft, rooms: draft.rooms.filter((_, i) => i !== index) };
}

const NUMBER = { type: 'number' };
const ROOM_SHAPE = { type: 'object', properties: { kind: { type: 'string' }, surfaceM2: NUMBER, ceilingHeightM: NUMBER } };

/**
 * The draft as the report the service expects (null while the schema refuses it), with every problem the page can name at once (form
 * values, measurements, a failure without a note) instead of one round trip per problem. Rows with
 * neither a surface nor a height are left out before (they are removed from the draft too, so the
 * row numbers of the errors stay right).
 */
export function toReport(draft: ReportDraft, ruleSet: RuleSet, now = new Date()): { input: ReportInput | null; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const day = parseDateField(draft.performedAt);
  let performedAt = draft.performedAt.trim();
  if (!day)
    problems.push({
      path: '/performedAt',
      messageKey: performedAt ? 'conformity.pages.report.performedAtInvalid' : 'conformity.pages.report.performedAtMissing',
    });
  // Today: the moment of the report; another day: noon in Brussels, so the day stays the same in UTC.
  else performedAt = day === brusselsDay(now) ? now.toISOString() : brusselsToUtc(day, '12:00').toISOString();
  const items = ruleSet.checklist.map((rule) => {
    const answer = draft.answers[rule.code] ?? {};
    const note = answer.note?.trim();
    // A-SPACE and C-CAP are computed by the app: reported as "not applicable", the app decides.
    const result = rule.computed ? 'na' : answer.result;
    return {
      code: rule.code,
      ...(result ? { result } : {}),
      ...(note ? { note } : {}),
      ...(answer.scope && rule.severityOtherRooms ? { scope: answer.scope } : {}),
    };
  });
  const smokeCount = draft.smokeCount?.trim() ?? '';
  const candidate = {
    performedAt,
    items,
    rooms: draft.rooms.map((r) => coerceForm({ ...r, ceilingHeightM: r.ceilingHeightM }, ROOM_SHAPE)),
    ...(draft.dwellingSurfaceM2.trim() ? { dwellingSurfaceM2: coerceForm(draft.dwellingSurfaceM2, NUMBER) } : {}),
    ...(smokeCount ? { smokeDetectors: { count: coerceForm(smokeCount, { type: 'integer' }), interconnected: draft.smokeInterconnected === true } } : {}),
  };
  let input: ReportInput | null = null;
  try {
    input = validateReport(candidate);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.details.filter((d) => !(d.path === '/performedAt' && !day)));
  }
  problems.push(...reportProblems(candidate, ruleSet));
  const seen = new Set<string>();
  return { input, problems: problems.filter((p) => (seen.has(p.path) ? false : (seen.add(p.path), true))) };
}

/** Drops room rows where nothing was measured. */
export function withoutEmptyRooms(draft: ReportDraft): ReportDraft {
  return { ...draft, rooms: draft.rooms.filter((r) => r.surfaceM2.trim() !== '' || r.ceilingHeightM.trim() !== '') };
}

/**
 * Error messages a worker can act on in a long form: which item, which room. The service's
 * messages name an item by its code; the page names it by its label.
 */
export function explainProblems(details: ErrorDetail[], ruleSet: RuleSet, lang: Language): ErrorDetail[] {
  return details.map((d) => {
    const item = /^\/items\/(\d+)\/(\w+)$/.exec(d.path);
    if (item) {
      const label = ruleSet.checklist[Number(item[1])]?.label[lang] ?? '';
      if (d.messageKey === 'conformity.report.noteRequired') return { path: d.path, messageKey: 'conformity.pages.report.noteRequired', params: { label } };
      if (item[2] === 'result' && d.messageKey === 'validation.required')
        return { path: d.path, messageKey: 'conformity.pages.report.resultMissing', params: { label } };
      if (d.messageKey === 'conformity.report.notApplicable') return { path: d.path, messageKey: 'conformity.pages.report.notApplicable', params: { label } };
      return { path: d.path, messageKey: 'conformity.pages.report.itemProblem', params: { label, problem: t(lang, d.messageKey, d.params) } };
    }
    const room = /^\/rooms\/(\d+)\/(\w+)$/.exec(d.path);
    if (room) {
      const what = t(lang, `conformity.pages.report.rooms.${room[2] === 'ceilingHeightM' ? 'height' : room[2] === 'kind' ? 'kind' : 'surface'}`);
      return {
        path: d.path,
        messageKey: 'conformity.pages.report.roomProblem',
        params: { number: Number(room[1]) + 1, what, problem: t(lang, d.messageKey, d.params) },
      };
    }
    if (d.path === '/dwellingSurfaceM2')
      return { path: d.path, messageKey: 'conformity.pages.report.dwellingProblem', params: { problem: t(lang, d.messageKey, d.params) } };
    // An item missing from the list (the rule set changed meanwhile): the checklist as a whole.
    if (d.path === '/items' || /^\/items\/\d+\/code$/.test(d.path)) return { ...d, path: '/checklist' };
    return d;
  });
}

/** What A-SPACE and C-CAP will be computed from, so the worker knows before submitting. */
export function computedFacts(offer: OfferRecord, ruleSet: RuleSet) {
  const facts = offerFacts(offer);
  const occupants = facts.householdSize + 1 + facts.maxChildren;
  const contribution = facts.monthlyRent + facts.monthlyCharges;
  return {
    occupants,
    household: facts.householdSize,
    maxChildren: facts.maxChildren,
    requiredM2: minimumSurfaceM2(occupants, ruleSet.occupancy),
    contributionEur: contribution,
    capEur: policyFor(new Date()).contributionCapEur,
    withinCap: contribution <= policyFor(new Date()).contributionCapEur,
  };
}

/** The checklist grouped by category, each item with its field index, its answer and its note. */
/** The rule set the report will be judged by: the one in force on the day of the visit (SPEC §6.1). */
export function draftDay(draft: ReportDraft, now = new Date()): Date {
  const day = parseDateField(draft.performedAt);
  return day && day <= brusselsDay(now) ? new Date(`${day}T12:00:00Z`) : now;
}

export function checklistGroups(ruleSet: RuleSet, draft: ReportDraft, lang: Language) {
  const items = ruleSet.checklist.map((rule, index) => ({
    index,
    code: rule.code,
    category: rule.category,
    severity: rule.severity,
    computed: rule.computed ?? null,
    naAllowed: rule.naAllowed,
    source: rule.source,
    otherRooms: !!rule.severityOtherRooms,
    scope: draft.answers[rule.code]?.scope ?? '',
    label: rule.label[lang],
    result: draft.answers[rule.code]?.result ?? '',
    note: draft.answers[rule.code]?.note ?? '',
  }));
  return CATEGORIES.map((category) => ({ category, items: items.filter((i) => i.category === category) })).filter((g) => g.items.length > 0);
}
