// The local network on the follow-up pages, without JavaScript. The family: the directory of its new
// home's commune and the helplines (/my/cohabitation/network), linked from the checklist item
// `local_network`. The worker: the same services to propose, the introductions recorded and their
// outcome (/work/cohabitations/:id/network). Introductions are staff-only (sealed on the family).
import { Router, type Request } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { flash, formHandler } from '../../kernel/http/forms.js';
import { presentEntry, type DirectoryService } from '../directory/index.js';
import { actorOf } from '../../kernel/auth/actor.js';
import {
  INTRODUCTION_OUTCOMES,
  validateIntroduction,
  validateIntroductionOutcome,
  type FamilyCaseworkService,
  type FamilyService,
  type OfferService,
} from '../intake/index.js';
import type { CohabitationService } from './cohabitation.service.js';
import { assertEntryCurrent } from './network.api.js';
import { servicesNear } from './network-near.js';
import { cohabitationsOf, compact, part, str, within } from './pages-data.js';
import { today } from './schedule.js';

const id = (req: Request) => encodeURIComponent(String(req.params.id));

export function networkPages(
  cohabitations: CohabitationService,
  families: FamilyService,
  offers: OfferService,
  casework: FamilyCaseworkService,
  directory: DirectoryService,
): Router {
  const pages = Router();
  const staff = allow('worker', 'coordinator');

  const nearHome = (offerId: string, lang: Request['lang']) => servicesNear(offers, directory, offerId, lang);

  pages.get('/my/cohabitation/network', allow('parent'), async (req, res) => {
    const { items } = await cohabitationsOf(actorOf(req), families, offers);
    const current = items.find((c) => c.status !== 'ended') ?? items[0];
    const near = current ? await nearHome(current.offerId, req.lang) : null;
    const item = current?.checklist.find((i) => i.code === 'local_network');
    res.render('followup/network-family.njk', {
      near,
      cohabitationId: current ? String(current._id) : null,
      item: item ? { done: Boolean(item.doneAt), dueOn: item.dueOn } : null,
      startDate: current?.startDate,
      today: today(),
    });
  });

  pages.get('/work/cohabitations/:id/network', staff, async (req, res) => {
    const { cohabitation } = await cohabitations.get(actorOf(req), String(req.params.id));
    const family = await families.get(actorOf(req), cohabitation.familyId);
    const near = await nearHome(cohabitation.offerId, req.lang);
    const byId = new Map([...near.helplines, ...near.local].map((e) => [e.id, e]));
    const introductions = await Promise.all(
      [...(family.introductions ?? [])].reverse().map(async (i) => ({
        ...i,
        entry:
          byId.get(String(i.entryId)) ??
          (await directory
            .get(String(i.entryId))
            .then((d) => presentEntry(d, req.lang))
            .catch(() => null)),
      })),
    );
    res.render('followup/network-work.njk', {
      id: String(cohabitation._id),
      near,
      introductions,
      outcomes: INTRODUCTION_OUTCOMES,
      today: today(),
      startDate: cohabitation.startDate,
    });
  });

  const back = (req: Request) => `/work/cohabitations/${id(req)}/network`;

  pages.post(
    '/work/cohabitations/:id/introductions',
    staff,
    formHandler(back, async (req, res) => {
      const { cohabitation } = await cohabitations.get(actorOf(req), String(req.params.id));
      const k = part(req, 'introduction');
      const input = await within('introduction', () => validateIntroduction(compact({ entryId: str(k.entryId), date: str(k.date), note: str(k.note) })));
      await within('introduction', () => assertEntryCurrent(directory, input));
      await within('introduction', () => casework.addIntroduction(actorOf(req), cohabitation.familyId, input));
      flash(req, 'followup.network.flash.introduced');
      res.redirect(303, back(req));
    }),
  );

  pages.post(
    '/work/cohabitations/:id/introductions/:introductionId/outcome',
    staff,
    formHandler(back, async (req, res) => {
      const { cohabitation } = await cohabitations.get(actorOf(req), String(req.params.id));
      const introductionId = String(req.params.introductionId);
      const k = part(req, 'outcome');
      const row = (k[introductionId] && typeof k[introductionId] === 'object' ? k[introductionId] : {}) as Record<string, unknown>;
      const seen = str(row.seen);
      await within(
        `outcome/${introductionId}`,
        () =>
          casework.setIntroductionOutcome(
            actorOf(req),
            cohabitation.familyId,
            introductionId,
            validateIntroductionOutcome(compact({ outcome: str(row.outcome), seen: seen ?? null })),
          ),
        `outcome/${introductionId}`,
      );
      flash(req, 'followup.network.flash.outcome');
      res.redirect(303, `${back(req)}#introduction-${introductionId}`);
    }),
  );

  return pages;
}
