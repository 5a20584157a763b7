// The demo's ledger (issue 18): an active cohabitation with a month of help both ways and shared
// costs, written through the ledger's service (so every rule holds) by the demo support worker for
// the households (the entries say so): most confirmed, one disputed, the latest still waiting.
import type { App } from '../app.js';
import type { CohabitationRecord } from '../modules/followup/cohabitation.model.js';
import type { FollowupModule } from '../modules/followup/index.js';
import { LedgerService } from '../modules/followup/ledger.service.js';
import { addDays, today } from '../modules/followup/schedule.js';
import type { DemoActors } from './intake-demo.js';

type Step =
  | {
      days: number;
      kind: 'service';
      code: 'babysitting' | 'cooking' | 'repairs' | 'computer_help' | 'shopping';
      hours: number;
      by: 'family' | 'host';
      answer?: boolean;
    }
  | { days: number; kind: 'cost'; label: string; amount: number; by: 'family' | 'host'; split: { family: number; host: number }; answer?: boolean };

/** Days before today; `answer`: true confirmed, false disputed, absent waiting. */
const STEPS: Step[] = [
  { days: -29, kind: 'service', code: 'babysitting', hours: 2, by: 'family', answer: true },
  { days: -27, kind: 'service', code: 'repairs', hours: 1.5, by: 'host', answer: true },
  { days: -25, kind: 'cost', label: 'Facture de gaz (novembre)', amount: 84, by: 'host', split: { family: 42, host: 42 }, answer: true },
  { days: -22, kind: 'service', code: 'cooking', hours: 1.5, by: 'family', answer: true },
  { days: -20, kind: 'service', code: 'computer_help', hours: 1, by: 'host', answer: true },
  { days: -17, kind: 'cost', label: 'Produits d’entretien', amount: 18.6, by: 'family', split: { family: 9.3, host: 9.3 }, answer: true },
  { days: -15, kind: 'service', code: 'babysitting', hours: 3, by: 'family', answer: true },
  { days: -12, kind: 'service', code: 'shopping', hours: 1, by: 'host', answer: false },
  { days: -8, kind: 'cost', label: 'Internet (part du mois)', amount: 40, by: 'host', split: { family: 20, host: 20 }, answer: true },
  { days: -6, kind: 'service', code: 'babysitting', hours: 2, by: 'family', answer: true },
  { days: -2, kind: 'service', code: 'cooking', hours: 1, by: 'family' },
];

/** The active cohabitation that has lasted longest past a month (the demo's "long" story, or the next): the one with the demo ledger. */
export async function ledgerDemoCohabitation(followup: FollowupModule, day = today()): Promise<CohabitationRecord | null> {
  const active = (await followup.cohabitations.alive())
    .filter((c) => c.status === 'active' && c.startDate <= addDays(day, -35))
    .sort((a, b) => a.startDate.localeCompare(b.startDate));
  return active[0] ?? null;
}

export async function seedLedgerDemo(app: App, actors: DemoActors): Promise<number> {
  const intake = app.named.intake;
  const followup = app.named.followup;
  const day = today();
  const c = await ledgerDemoCohabitation(followup, day);
  if (!c) return 0;
  const ledgers = new LedgerService(followup.cohabitations, intake.families, intake.offers);
  const id = String(c._id);
  let written = 0;
  for (const s of STEPS) {
    const date = addDays(day, s.days);
    const input =
      s.kind === 'service'
        ? { kind: 'service' as const, code: s.code, hours: s.hours, date, givenBy: s.by }
        : { kind: 'cost' as const, label: s.label, amount: s.amount, date, paidBy: s.by, split: s.split };
    const entry = await ledgers.record(actors.worker, id, input, day);
    if (s.answer !== undefined)
      await ledgers.decide(
        actors.worker,
        id,
        entry.id,
        s.answer ? { confirmed: true } : { confirmed: false, reason: 'Les courses ont été faites ensemble, pas par l’hôte seul.' },
      );
    written++;
  }
  return written;
}
