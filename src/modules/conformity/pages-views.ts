// What the conformity pages show, built from the records the services return: the offer in a few
// words, a visit with its dates in Brussels time, the outcome and the items to fix in the reader's
// language, the full report for printing. No database here.
import type { Language } from '../../kernel/config.js';
import { ruleSetById } from '../../kernel/rulesets.js';
import { communeName } from '../../kernel/region.js';
import type { OfferRecord } from '../intake/index.js';
import type { InspectionRecord } from './inspection.model.js';
import { presentInspection } from './inspection.presenters.js';
import { CATEGORIES } from './pages-report.js';
import { brusselsDay, brusselsTime, formatDay, formatTime, formatWeekday, formatWhen } from './pages-time.js';

/** The offer as the visit pages name it: who, where. */
export function offerSummary(offer: OfferRecord, lang: Language) {
  const app = offer.application;
  const a = app.address ?? {};
  return {
    id: String(offer._id),
    status: offer.status,
    hostName: [app.host?.firstName, app.host?.lastName].filter(Boolean).join(' ').trim(),
    phone: app.host?.phone ?? null,
    street: [a.street, a.number].filter(Boolean).join(' '),
    postalCode: a.postalCode ?? '',
    commune: a.commune ? communeName(a.commune, lang) : '',
    declaredSurfaceM2: app.dwelling?.netSurfaceM2 ?? null,
    declaredRooms: (app.rooms ?? []).filter((r) => r?.kind).map((r) => ({ kind: r.kind!, surfaceM2: r.surfaceM2 ?? null })),
  };
}

/** A visit, with its dates ready to read and its outcome's failures with their fixes. */
export function visitView(doc: InspectionRecord, lang: Language) {
  const p = presentInspection(doc, lang);
  const ruleSet = p.ruleSet ? ruleSetById(p.ruleSet) : undefined;
  return {
    id: p.id,
    offerId: p.offerId,
    status: p.status,
    when: formatWhen(p.scheduledAt, lang),
    scheduledDay: brusselsDay(new Date(p.scheduledAt)),
    scheduledTime: brusselsTime(new Date(p.scheduledAt)),
    isoScheduledAt: new Date(p.scheduledAt).toISOString(),
    note: p.note,
    cancelReason: p.cancelReason,
    outcome: p.outcome,
    performedOn: formatDay(p.performedAt, lang),
    validUntil: formatDay(p.validUntil, lang),
    remarksDeadline: formatDay(p.remarksDeadline, lang),
    ruleSet: p.ruleSet,
    ruleSetTitle: ruleSet?.title[lang] ?? p.ruleSet ?? '',
    reportedByName: p.reportedByName,
    failures: p.failures.map((f) => ({ code: f.code, label: f.label, fix: f.fix, severity: f.severity, note: f.note })),
    history: (p.history ?? []).map((h) => ({
      type: h.type,
      at: formatWhen(h.at, lang),
      scheduledAt: h.scheduledAt ? formatWhen(h.scheduledAt, lang) : '',
      reason: h.reason ?? '',
    })),
    /** The version of the visit the page showed: two people moving or cancelling it at once are told. */
    seen: doc.updatedAt ? new Date(doc.updatedAt).getTime() : 0,
  };
}

/** Planned visits grouped by their Brussels day, in time order. */
export function visitDays(rows: { scheduledAt: Date; [k: string]: unknown }[], lang: Language, now = new Date()) {
  const days: { day: string; heading: string; isPast: boolean; visits: typeof rows }[] = [];
  const today = brusselsDay(now);
  for (const row of rows) {
    const day = brusselsDay(row.scheduledAt);
    let group = days.find((d) => d.day === day);
    if (!group) {
      group = { day, heading: formatWeekday(row.scheduledAt, lang), isPast: day < today, visits: [] };
      days.push(group);
    }
    group.visits.push({ ...row, time: formatTime(row.scheduledAt, lang) });
  }
  return days;
}

/** The whole report, for the printable page: every item with its result, the rooms, the surfaces. */
export function reportView(doc: InspectionRecord, lang: Language) {
  const ruleSet = doc.ruleSet ? ruleSetById(doc.ruleSet) : undefined;
  const rules = new Map((ruleSet?.checklist ?? []).map((r) => [r.code, r]));
  const items = (doc.items ?? []).map((i) => {
    const rule = rules.get(i.code ?? '');
    return {
      code: i.code,
      category: rule?.category ?? 'other',
      severity: rule?.severity ?? null,
      label: rule?.label[lang] ?? i.code,
      fix: i.result === 'fail' ? (rule?.fix[lang] ?? null) : null,
      result: i.result,
      note: i.note ?? null,
      computed: i.computed === true,
    };
  });
  return {
    groups: CATEGORIES.map((category) => ({ category, items: items.filter((i) => i.category === category) })).filter((g) => g.items.length > 0),
    rooms: (doc.rooms ?? []).map((r) => ({ kind: r.kind, surfaceM2: r.surfaceM2, ceilingHeightM: r.ceilingHeightM ?? null })),
    dwellingSurfaceM2: doc.dwellingSurfaceM2,
    space: doc.space?.requiredM2 != null ? { occupants: doc.space.occupants, requiredM2: doc.space.requiredM2 } : null,
    cap: doc.cap?.capEur != null ? { contributionEur: doc.cap.contributionEur, capEur: doc.cap.capEur } : null,
  };
}
