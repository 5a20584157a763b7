// The mutual-aid and cost-sharing ledger (SPEC §7, §9, issue 18). A household records the help it
// gave or a cost it paid; the other household confirms or disputes it; staff may record or answer
// for a household (the entry says so) and settle a dispute. Who decides what, once:
// - pending → confirmed | disputed: the other household (never the one it is about), or staff for it;
// - disputed → confirmed (kept) | withdrawn (left out, its hours given back to the week): staff only;
// - confirmed and withdrawn are final (409 ENTRY_DECIDED).
// Staff reads are audited as case reads ('ledger.read').
import { audit } from '../../kernel/audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../kernel/errors.js';
import { policyFor } from '../../kernel/policy.js';
import { Types } from 'mongoose';
import type { Actor, FamilyService, OfferService } from '../intake/index.js';
import type { CohabitationRecord } from './cohabitation.model.js';
import type { CohabitationService } from './cohabitation.service.js';
import { balancesOf, monthsOf, type Balances, type MonthBalances } from './ledger.balances.js';
import type { EntryStatus, LedgerEntry, LedgerRecord, Party, Writer } from './ledger.model.js';
import { LedgerRepository } from './ledger.repository.js';
import { assertEntryDate, costValues, eurOf, hoursOf, serviceValues, weekFull } from './ledger.rules.js';
import type { ConfirmationInput, LedgerInput } from './ledger.schemas.js';
import { today } from './schedule.js';

const isStaff = (actor: Actor) => actor.role === 'worker' || actor.role === 'coordinator';
const decided = () => new ConflictError('followup.ledger.decided', [{ path: '/confirmed', messageKey: 'followup.ledger.decided' }], 'ENTRY_DECIDED');

/** An entry as the API and the pages show it: euros and hours, the household it is about, who wrote and who answered. */
export function entryView(e: LedgerEntry) {
  const answer = (d: LedgerEntry['decision']) => (d ? { confirmed: d.confirmed, reason: d.reason ?? null, at: d.at, by: d.as } : null);
  const common = {
    id: e.id,
    kind: e.kind,
    date: e.date,
    status: e.status,
    recordedBy: e.recordedAs,
    recordedAt: e.recordedAt,
    decision: answer(e.decision),
    settlement: answer(e.settlement),
  };
  if (e.kind === 'service') return { ...common, code: e.code!, hours: hoursOf(e.minutes ?? 0), givenBy: e.by };
  return {
    ...common,
    label: e.label ?? null,
    amount: eurOf(e.amountCents ?? 0),
    paidBy: e.by,
    split: { family: eurOf(e.split?.familyCents ?? 0), host: eurOf(e.split?.hostCents ?? 0) },
  };
}
export type EntryView = ReturnType<typeof entryView>;

export interface LedgerView {
  items: EntryView[];
  balances: Balances;
  months: MonthBalances[];
}

export function ledgerView(ledger: Pick<LedgerRecord, 'entries'> | null): LedgerView {
  const entries = [...(ledger?.entries ?? [])].sort(
    (a, b) => b.date.localeCompare(a.date) || new Date(b.recordedAt).getTime() - new Date(a.recordedAt).getTime(),
  );
  return { items: entries.map(entryView), balances: balancesOf(entries), months: monthsOf(entries) };
}

export class LedgerService {
  constructor(
    private readonly cohabitations: CohabitationService,
    private readonly families: FamilyService,
    private readonly offers: OfferService,
    private readonly store = new LedgerRepository(),
  ) {}

  /** The household a parent or host is in this cohabitation, null for staff; 404 for anyone else. */
  async access(actor: Actor, id: string): Promise<{ cohabitation: CohabitationRecord; side: Party | null }> {
    const cohabitation = await this.cohabitations.load(id);
    if (isStaff(actor)) return { cohabitation, side: null };
    if (actor.role === 'parent' && (await this.families.load(cohabitation.familyId)).ownerUserId === actor.id) return { cohabitation, side: 'family' };
    if (actor.role === 'host' && (await this.offers.load(cohabitation.offerId)).ownerUserId === actor.id) return { cohabitation, side: 'host' };
    throw new NotFoundError();
  }

  async read(actor: Actor, id: string): Promise<LedgerView & { cohabitation: CohabitationRecord; side: Party | null }> {
    const { cohabitation, side } = await this.access(actor, id);
    if (!side) await audit({ actorId: actor.id, actorRole: actor.role, action: 'ledger.read', targetType: 'cohabitation', targetId: id, fields: ['ledger'] });
    return { ...ledgerView(await this.store.find(id)), cohabitation, side };
  }

  /** The ledger of a cohabitation already read by its caller (the case page, the benefits check: they audit). */
  async of(id: string): Promise<LedgerView> {
    return ledgerView(await this.store.find(id));
  }

  /**
   * The ledger is another document than the cohabitation, so "not after the end" was checked on a
   * read: an ending written between that read and the append is seen by reading again, and the entry
   * is withdrawn (its hours given back) before the refusal is answered — never acknowledged.
   */
  private async refuseIfEndedMeanwhile(actor: Actor, id: string, entry: LedgerEntry, day: string): Promise<void> {
    const now = await this.cohabitations.load(id);
    try {
      assertEntryDate(now, entry.date, day);
    } catch (error) {
      const ledger = await this.store.find(id);
      const index = ledger?.entries.findIndex((e) => e.id === entry.id) ?? -1;
      const answer = { confirmed: false, reason: 'ended', at: new Date(), by: actor.id, as: 'staff' as Writer };
      const freeWeek = entry.kind === 'service' && entry.week ? { week: entry.week, minutes: entry.minutes! } : undefined;
      if (index >= 0) await this.store.decide(id, { index, id: entry.id }, 'pending', 'withdrawn', 'settlement', answer, freeWeek);
      throw error;
    }
  }

  async record(actor: Actor, id: string, input: LedgerInput, day = today()): Promise<EntryView> {
    const { cohabitation, side } = await this.access(actor, id);
    const by: Party = input.kind === 'service' ? input.givenBy : input.paidBy;
    // A household writes down what it gave or paid; what the other did, the other writes (or staff).
    if (side && by !== side) throw new ForbiddenError(`followup.ledger.onlyYours.${input.kind}`);
    assertEntryDate(cohabitation, input.date, day);
    const policy = policyFor(new Date(`${input.date}T00:00:00Z`));
    const writer: Writer = side ?? 'staff';
    const base = {
      id: new Types.ObjectId().toHexString(),
      kind: input.kind,
      date: input.date,
      by,
      status: 'pending' as const,
      recordedAt: new Date(),
      recordedBy: actor.id,
      recordedAs: writer,
      decision: null,
      settlement: null,
    };
    let entry: LedgerEntry;
    if (input.kind === 'service') {
      const s = serviceValues(input, policy);
      entry = { ...base, code: s.code, minutes: s.minutes, week: s.week.key };
      const maxMinutes = Math.round(policy.services.maxHoursPerWeek * 60);
      // Alone over the limit: refused before any write (an empty week's counter matches any condition).
      if (s.minutes > maxMinutes) throw weekFull(s.week, 0, policy);
      await this.store.ensure(id, cohabitation.familyId);
      if (!(await this.store.appendService(id, entry, maxMinutes))) {
        const ledger = await this.store.find(id);
        throw weekFull(s.week, ledger?.weeks?.[s.week.key] ?? 0, policy);
      }
    } else {
      const c = costValues(input);
      entry = { ...base, label: c.label, amountCents: c.amountCents, split: c.split };
      await this.store.ensure(id, cohabitation.familyId);
      await this.store.appendCost(id, entry);
    }
    await this.refuseIfEndedMeanwhile(actor, id, entry, day);
    if (!side)
      await audit({ actorId: actor.id, actorRole: actor.role, action: 'ledger.recorded', targetType: 'cohabitation', targetId: id, fields: ['ledger'] });
    return entryView(entry);
  }

  /** The other household's answer, staff's for it, or staff settling a dispute (see the head of this file). */
  async decide(actor: Actor, id: string, entryId: string, input: ConfirmationInput): Promise<EntryView> {
    const { side } = await this.access(actor, id);
    const ledger = await this.store.find(id);
    const index = ledger?.entries.findIndex((e) => e.id === entryId) ?? -1;
    const entry = ledger?.entries[index];
    if (!entry) throw new NotFoundError();
    if (side && entry.by === side) throw new ForbiddenError('followup.ledger.ownEntry');
    const writer: Writer = side ?? 'staff';
    const answer = { confirmed: input.confirmed, reason: input.reason?.trim() || null, at: new Date(), by: actor.id, as: writer };
    let step: { from: EntryStatus; to: EntryStatus; field: 'decision' | 'settlement' };
    if (entry.status === 'pending') step = { from: 'pending', to: input.confirmed ? 'confirmed' : 'disputed', field: 'decision' };
    else if (entry.status === 'disputed' && !side) step = { from: 'disputed', to: input.confirmed ? 'confirmed' : 'withdrawn', field: 'settlement' };
    else throw decided();
    const freeWeek = step.to === 'withdrawn' && entry.kind === 'service' && entry.week ? { week: entry.week, minutes: entry.minutes ?? 0 } : undefined;
    if (!(await this.store.decide(id, { index, id: entryId }, step.from, step.to, step.field, answer, freeWeek))) throw decided();
    if (!side)
      await audit({ actorId: actor.id, actorRole: actor.role, action: 'ledger.decided', targetType: 'cohabitation', targetId: id, fields: ['ledger'] });
    return entryView({ ...entry, status: step.to, [step.field]: answer });
  }

  /** Every ledger (statistics). */
  all(): Promise<LedgerRecord[]> {
    return this.store.all();
  }
}

/** The ledger of a cohabitation its caller already read and audited (the case page, the benefits check). */
export async function ledgerOf(cohabitationId: string): Promise<LedgerView> {
  return ledgerView(await new LedgerRepository().find(cohabitationId));
}
