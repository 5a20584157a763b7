// What each role sees of a cohabitation: the parties the agreement, signatures, their checklist
// items and the next check-in date; staff also the check-ins (notes, isolation scores) and the
// incidents. Confidential parts never leave through the parties' view.
import type { CohabitationRecord } from './cohabitation.model.js';
import { overdueCheckins, tickedOn, today } from './schedule.js';
import { exitContactDueOn } from './notice.js';

/** Services exchanged as a list; an agreement made before they were one holds a free text. */
function services(agreement: CohabitationRecord['agreement']): { servicesExchanged: { code: string; hoursPerWeek: number }[]; servicesText: string | null } {
  const value: unknown = agreement?.servicesExchanged;
  if (Array.isArray(value)) return { servicesExchanged: value as { code: string; hoursPerWeek: number }[], servicesText: null };
  return { servicesExchanged: [], servicesText: typeof value === 'string' && value.trim() ? value : null };
}

type ChecklistItem = CohabitationRecord['checklist'][number];
/** An item as the pages and the API show it: `doneOn` is the day it became true. */
const tick = (i: ChecklistItem) => ({ code: i.code, dueOn: i.dueOn, done: !!i.doneAt, doneOn: tickedOn(i) });

/** The evidence of separate households (SPEC §6.3), both households' items: the agreement's annex. */
export function evidenceOf(c: CohabitationRecord) {
  return c.checklist.filter((i) => i.code?.startsWith('evidence.')).map((i) => ({ ...tick(i), concerns: i.concerns }));
}

function base(c: CohabitationRecord, day: string) {
  return {
    id: String(c._id),
    status: c.status,
    proposalId: c.proposalId,
    familyId: c.familyId,
    offerId: c.offerId,
    startDate: c.startDate,
    trialEndsOn: c.trialEndsOn,
    agreement: { ...c.agreement, ...services(c.agreement) },
    signatures: { family: c.signatures?.family?.at ?? null, host: c.signatures?.host?.at ?? null },
    nextCheckin: c.status === 'ended' ? null : (c.schedule.find((s) => s.dueOn! >= day)?.dueOn ?? null),
    ending: c.ending ? { date: c.ending.date, reason: c.ending.reason } : null,
    // Both households see that notice was given and the planned end date; the reason is the worker's.
    notice: c.notice ? { date: c.notice.date, givenBy: c.notice.givenBy, plannedEnd: c.notice.plannedEnd } : null,
  };
}

export function cohabitationForParty(c: CohabitationRecord, side: 'family' | 'host') {
  const view = base(c, today());
  // A safety ending is the service's confidential decision: the parties see that it ended, not why.
  const ending = view.ending ? { date: view.ending.date, reason: view.ending.reason === 'safety' ? null : view.ending.reason } : null;
  return { ...view, ending, checklist: c.checklist.filter((i) => i.concerns === side || i.concerns === 'both').map(tick) };
}

export function cohabitationForStaff(c: CohabitationRecord, day = today()) {
  return {
    ...base(c, day),
    checklist: c.checklist.map((i) => ({ ...tick(i), concerns: i.concerns })),
    schedule: c.schedule,
    overdueCheckins: overdueCheckins(c, day),
    checkins: c.checkins,
    incidents: c.incidents,
    mediations: c.mediations,
    ending: c.ending,
    notice: c.notice ?? null,
    exitContact: c.exitContact ?? null,
    exitContactDueOn: exitContactDueOn(c),
    events: c.events,
  };
}
