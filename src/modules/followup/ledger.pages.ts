// The ledger's pages, without JavaScript, phone first (issue 18): each household on
// /my/cohabitation/:id/ledger writes down the help it gave and the costs it paid, answers the other
// household's entries and reads the balance per month; staff on /work/cohabitations/:id/ledger do
// the same for either household and settle disputes. Post/redirect/get with the error summary.
import { Router, type Request, type Response } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { flash, formHandler } from '../../kernel/http/forms.js';
import { formatMonth } from '../../kernel/i18n/format.js';
import { t } from '../../kernel/i18n/index.js';
import { policyFor } from '../../kernel/policy.js';
import { actorOf } from '../../kernel/auth/actor.js';
import { SERVICES, type FamilyService, type OfferService } from '../intake/index.js';
import type { LedgerService } from './ledger.service.js';
import { validateConfirmation, validateLedgerEntry } from './ledger.schemas.js';
import { cohabitationsOf, compact, familyNames, hostNames, num, part, str, within } from './pages-data.js';
import { today } from './schedule.js';

const L = 'followup.ledger';

export function ledgerPages(ledgers: LedgerService, families: FamilyService, offers: OfferService): Router {
  const pages = Router();
  const parties = allow('parent', 'host');
  const staff = allow('worker', 'coordinator');
  const enc = (req: Request) => encodeURIComponent(String(req.params.id));

  async function render(req: Request, res: Response, base: string): Promise<void> {
    const { cohabitation: c, side, items, balances, months } = await ledgers.read(actorOf(req), String(req.params.id));
    const [family, offer] = await Promise.all([families.load(c.familyId).catch(() => null), offers.load(c.offerId).catch(() => null)]);
    const f = familyNames(family);
    const h = hostNames(offer);
    const tr = (key: string, params?: Record<string, string | number>) => t(req.lang, key, params);
    // Each household as the reader names it: "you" and the other by first name; staff, both by name.
    const names = side
      ? {
          [side]: tr(`${L}.pages.yourHousehold`),
          [side === 'family' ? 'host' : 'family']: tr(`${L}.pages.householdOf`, { name: side === 'family' ? h.firstName : f.firstName }),
        }
      : {
          family: `${tr('followup.pages.side.family')} (${[f.firstName, f.lastName].filter(Boolean).join(' ')})`,
          host: `${tr('followup.pages.side.host')} (${[h.firstName, h.lastName].filter(Boolean).join(' ')})`,
        };
    const answerable = (i: (typeof items)[number]) =>
      side ? i.status === 'pending' && ('givenBy' in i ? i.givenBy : i.paidBy) !== side : i.status === 'pending' || i.status === 'disputed';
    res.render('followup/ledger.njk', {
      c: { id: String(c._id), status: c.status, startDate: c.startDate, ending: c.ending?.date ?? null },
      side,
      staff: !side,
      names,
      base,
      back: side ? '/my/cohabitation' : `/work/cohabitations/${String(c._id)}`,
      toAnswer: items.filter(answerable),
      items,
      balances,
      months: months.map((m) => ({ ...m, label: formatMonth(m.month, req.lang) })),
      services: SERVICES,
      maxHours: policyFor().services.maxHoursPerWeek,
      open: c.status === 'trial' || c.status === 'active' || c.status === 'ended',
      today: today(),
    });
  }

  /** The service form's body: a household records its own help, staff say whose it was. */
  function serviceBody(req: Request, side: string | null) {
    const k = part(req, 'service');
    return compact({ kind: 'service', code: str(k.code), hours: num(k.hours), date: str(k.date), givenBy: side ?? str(k.givenBy) });
  }
  function costBody(req: Request, side: string | null) {
    const k = part(req, 'cost');
    const s = k.split && typeof k.split === 'object' ? (k.split as Record<string, unknown>) : {};
    return compact({
      kind: 'cost',
      label: str(k.label),
      amount: num(k.amount),
      date: str(k.date),
      paidBy: side ?? str(k.paidBy),
      split: compact({ family: num(s.family), host: num(s.host) }),
    });
  }

  function writes(prefix: '/my/cohabitation/:id/ledger' | '/work/cohabitations/:id/ledger', who: ReturnType<typeof allow>, page: (req: Request) => string) {
    const sideOf = async (req: Request) => (await ledgers.access(actorOf(req), String(req.params.id))).side;
    pages.post(
      `${prefix}/services`,
      who,
      formHandler(page, async (req, res) => {
        const body = serviceBody(req, await sideOf(req));
        await within('service', async () => ledgers.record(actorOf(req), String(req.params.id), validateLedgerEntry(body)));
        flash(req, `${L}.flash.service`);
        res.redirect(303, page(req));
      }),
    );
    pages.post(
      `${prefix}/costs`,
      who,
      formHandler(page, async (req, res) => {
        const body = costBody(req, await sideOf(req));
        await within('cost', async () => ledgers.record(actorOf(req), String(req.params.id), validateLedgerEntry(body)));
        flash(req, `${L}.flash.cost`);
        res.redirect(303, page(req));
      }),
    );
    pages.post(
      `${prefix}/:entryId/confirmation`,
      who,
      formHandler(page, async (req, res) => {
        const entryId = String(req.params.entryId);
        const k = part(req, `entry-${entryId}`);
        const confirmed = str(part(req).confirmed);
        const body = compact({ confirmed: confirmed === 'true' ? true : confirmed === 'false' ? false : confirmed, reason: str(k.reason) });
        const decided = await within(`entry-${entryId}`, async () => ledgers.decide(actorOf(req), String(req.params.id), entryId, validateConfirmation(body)));
        flash(req, `${L}.flash.${decided.status}`);
        res.redirect(303, page(req));
      }),
    );
  }

  const mine = (req: Request) => `/my/cohabitation/${enc(req)}/ledger`;
  const work = (req: Request) => `/work/cohabitations/${enc(req)}/ledger`;

  // The household's current ledger: its cohabitation under way, else its latest.
  pages.get('/my/cohabitation/ledger', parties, async (req, res) => {
    const { items } = await cohabitationsOf(actorOf(req), families, offers);
    const current = items.find((c) => c.status === 'trial' || c.status === 'active') ?? items[0];
    res.redirect(303, current ? `/my/cohabitation/${String(current._id)}/ledger` : '/my/cohabitation');
  });
  pages.get('/my/cohabitation/:id/ledger', parties, (req, res) => render(req, res, mine(req)));
  pages.get('/work/cohabitations/:id/ledger', staff, (req, res) => render(req, res, work(req)));
  writes('/my/cohabitation/:id/ledger', parties, mine);
  writes('/work/cohabitations/:id/ledger', staff, work);
  return pages;
}
