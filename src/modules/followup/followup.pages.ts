// HTML pages of follow-up (SPEC §6.3, §7): the worker starts a cohabitation from an accepted
// proposal, works the case (signatures, checklist, check-ins, incidents, the ending); the
// agreement is a printable page the parties acknowledge; parents and hosts see their
// cohabitation, what they must do and by when, and can ask their worker for help.
import { Router, type Request } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { ValidationError } from '../../kernel/errors.js';
import { flash, formHandler } from '../../kernel/http/forms.js';
import type { Outbox } from '../../kernel/mail/outbox.service.js';
import { communeName } from '../../kernel/region.js';
import { actorOf } from '../../kernel/auth/actor.js';
import { benefitsDeclaration, benefitsWarning, SERVICES, type FamilyService, type OfferService } from '../intake/index.js';
import type { Language } from '../../kernel/config.js';
import type { ProposalService } from '../matching/index.js';
import { END_REASONS, INCIDENT_KINDS, SEVERITIES, type CohabitationRecord } from './cohabitation.model.js';
import { cohabitationForParty, cohabitationForStaff, evidenceOf } from './cohabitation.presenters.js';
import type { CohabitationService } from './cohabitation.service.js';
import { validateCheckin, validateCreate, validateIncident, validateMediation, validateSign } from './followup.schemas.js';
import { FALLBACK_HOMES } from './rehousing.schemas.js';
import { compact, cohabitationsOf, familyNames, HELP_MAX, hostNames, mailWorker, num, P, part, str, within } from './pages-data.js';
import { agreementDefaults, agreementLabels, servicesFromForm, servicesOnFields } from './agreement-form.js';
import { policyFor } from '../../kernel/policy.js';
import { aboutCohabitation } from './party-reminders.js';
import { checkinCaseworkFromForm, checkinCaseworkView } from './checkin-form.js';
import type { NearServices } from './network-near.js';
import { Types } from 'mongoose';
import { today as todayHere } from './schedule.js';
import { ledgerOf } from './ledger.service.js';

const id = (req: Request) => encodeURIComponent(String(req.params.id));

/** day7 → "Day 7", month6 → "Month 6" in the reader's words. */
function scheduleLabel(t: (key: string, params?: Record<string, string | number>) => string, label: string): string {
  const m = /^(day|month)(\d+)$/.exec(label);
  return m ? t(`${P}.schedule.${m[1]}`, { n: Number(m[2]) }) : label;
}

export function followupPages(
  cohabitations: CohabitationService,
  proposals: ProposalService,
  families: FamilyService,
  offers: OfferService,
  outbox?: Outbox,
  near?: (offerId: string, lang: Request['lang']) => Promise<NearServices>,
): Router {
  const pages = Router();
  const staff = allow('worker', 'coordinator');
  const parties = allow('parent', 'host');
  const everyone = allow('parent', 'host', 'worker', 'coordinator');

  /** The home's address, the family's private rooms and the shared spaces, from the offer (what the agreement settles). */
  async function homeOf(offerId: string) {
    const app = (await offers.load(offerId)).application;
    const a = app.address;
    return {
      address: a ? `${a.street ?? ''} ${a.number ?? ''}, ${a.postalCode ?? ''}`.trim() : '',
      spaces: { rooms: app.rooms ?? [], shared: app.sharedSpaces ?? [], privateBathroom: app.privateBathroom === true },
    };
  }

  async function ownWarning(lang: Language, side: 'family' | 'host', c: CohabitationRecord) {
    if (side === 'family') return benefitsWarning(lang, 'parent', (await families.load(c.familyId)).application.benefits);
    return benefitsWarning(lang, 'host', (await offers.load(c.offerId)).application.benefits);
  }

  async function sides(c: CohabitationRecord) {
    const [family, offer] = await Promise.all([families.load(c.familyId).catch(() => null), offers.load(c.offerId).catch(() => null)]);
    return { family: familyNames(family), host: hostNames(offer) };
  }

  // ---- Worker: a cohabitation from an accepted proposal ----

  pages.get('/work/proposals/:id/cohabitation', staff, async (req, res) => {
    const { proposal } = await proposals.get(actorOf(req), String(req.params.id));
    const [family, offer] = await Promise.all([families.load(proposal.familyId), offers.load(proposal.offerId)]);
    res.render('followup/new.njk', {
      proposal: { id: String(proposal._id), status: proposal.status },
      family: familyNames(family),
      host: hostNames(offer),
      defaults: agreementDefaults(family, offer),
      services: SERVICES,
      policy: policyFor(),
      labels: agreementLabels(res.locals.t),
    });
  });

  pages.post(
    '/work/proposals/:id/cohabitation',
    staff,
    formHandler(
      (req) => `/work/proposals/${id(req)}/cohabitation`,
      async (req, res) => {
        const a = part(req, 'agreement');
        const body = {
          proposalId: String(req.params.id),
          startDate: str(part(req).startDate),
          agreement: compact({
            monthlyContribution: num(a.monthlyContribution),
            servicesExchanged: servicesFromForm(a.services),
            houseRules: str(a.houseRules) ?? '',
            sharedSpacesSchedule: str(a.sharedSpacesSchedule),
            trialDays: num(a.trialDays),
            noticeDays: num(a.noticeDays),
            durationMonths: num(a.durationMonths),
          }),
        };
        const created = await within(
          'create',
          () => servicesOnFields(body.agreement.servicesExchanged, () => cohabitations.create(actorOf(req), validateCreate(compact(body)))),
          '',
        );
        flash(req, `${P}.flash.created`);
        res.redirect(303, `/work/cohabitations/${String(created._id)}`);
      },
    ),
  );

  pages.get('/work/cohabitations', staff, async (req, res) => {
    const list = await cohabitations.recent();
    const rows = await Promise.all(
      list.map(async (c) => {
        const view = cohabitationForStaff(c);
        return {
          id: view.id,
          status: view.status,
          startDate: view.startDate,
          nextCheckin: view.nextCheckin,
          overdue: view.overdueCheckins.length,
          ...(await sides(c)),
        };
      }),
    );
    res.render('followup/list.njk', { rows });
  });

  pages.get('/work/cohabitations/:id', staff, async (req, res) => {
    const { cohabitation } = await cohabitations.get(actorOf(req), String(req.params.id));
    const view = cohabitationForStaff(cohabitation);
    const tr = (key: string, params?: Record<string, string | number>) => res.locals.t(key, params);
    const overdue = new Set(view.overdueCheckins.map((o) => o.dueOn));
    const today = todayHere();
    res.render('followup/case.njk', {
      c: view,
      names: await sides(cohabitation),
      schedule: view.schedule.map((s) => ({
        dueOn: s.dueOn,
        label: scheduleLabel(tr, s.label ?? ''),
        overdue: overdue.has(s.dueOn ?? ''),
        past: (s.dueOn ?? '') < today,
      })),
      messages: outbox ? await outbox.about(aboutCohabitation(String(cohabitation._id))) : [],
      checkins: [...view.checkins].reverse(),
      incidents: [...view.incidents].reverse(),
      mediations: [...view.mediations].reverse(),
      ledger: await ledgerOf(String(cohabitation._id)),
      today,
      endReasons: END_REASONS,
      fallbackHomes: FALLBACK_HOMES,
      incidentKinds: INCIDENT_KINDS,
      severities: SEVERITIES,
      ...(await checkinCaseworkView(families, cohabitation.familyId, tr)),
      // The services the worker may propose while recording the check-in (each becomes an introduction).
      proposable: near ? await near(cohabitation.offerId, req.lang).then((n) => [...n.helplines, ...n.local]) : [],
      newCheckinId: new Types.ObjectId().toHexString(),
      newIncidentId: new Types.ObjectId().toHexString(),
    });
  });

  const back = (req: Request) => `/work/cohabitations/${id(req)}`;

  pages.post(
    '/work/cohabitations/:id/signatures',
    staff,
    formHandler(back, async (req, res) => {
      const input = await within('sign', () => validateSign(compact({ party: str(part(req).party) })));
      await within('sign', () => cohabitations.sign(actorOf(req), String(req.params.id), input.party ?? null));
      flash(req, `${P}.flash.signed`);
      res.redirect(303, back(req));
    }),
  );

  pages.post(
    '/work/cohabitations/:id/checkins',
    staff,
    formHandler(back, async (req, res) => {
      const k = part(req, 'checkin');
      const w = (k.wellbeing && typeof k.wellbeing === 'object' ? k.wellbeing : {}) as Record<string, unknown>;
      const body = compact({
        date: str(k.date),
        party: str(k.party),
        wellbeing: compact({ family: num(w.family), host: num(w.host), children: num(w.children) }),
        conflictLevel: num(k.conflictLevel),
        isolationScore: num(k.isolationScore),
        ...checkinCaseworkFromForm(k),
        note: str(k.note),
      });
      const input = await within('checkin', () => validateCheckin(body));
      await within('checkin', () => cohabitations.addCheckin(actorOf(req), String(req.params.id), input));
      flash(req, `${P}.flash.checkin`);
      res.redirect(303, back(req));
    }),
  );

  pages.post(
    '/work/cohabitations/:id/incidents',
    staff,
    formHandler(back, async (req, res) => {
      const k = part(req, 'incident');
      const input = await within('incident', () =>
        validateIncident(
          compact({ date: str(k.date), kind: str(k.kind), severity: str(k.severity), description: str(k.description), incidentId: str(k.incidentId) }),
        ),
      );
      await within('incident', () => cohabitations.addIncident(actorOf(req), String(req.params.id), input));
      flash(req, `${P}.flash.incident`);
      res.redirect(303, back(req));
    }),
  );

  pages.post(
    '/work/cohabitations/:id/mediations',
    staff,
    formHandler(back, async (req, res) => {
      const k = part(req, 'mediation');
      const input = await within('mediation', () =>
        validateMediation(compact({ date: str(k.date), participants: str(k.participants), summary: str(k.summary), agreements: str(k.agreements) })),
      );
      await within('mediation', () => cohabitations.addMediation(actorOf(req), String(req.params.id), input));
      flash(req, `${P}.flash.mediation`);
      res.redirect(303, back(req));
    }),
  );

  // ---- The agreement: printable, for staff and both parties ----

  pages.get('/cohabitations/:id/agreement', everyone, async (req, res) => {
    const { cohabitation, side } = await cohabitations.get(actorOf(req), String(req.params.id));
    // The parties' view (no notes, no check-ins, no incidents) for everyone: an agreement carries none.
    const view = cohabitationForParty(cohabitation, side ?? 'family');
    const names = await sides(cohabitation);
    res.render('followup/agreement.njk', {
      c: { id: view.id, status: view.status, startDate: view.startDate, trialEndsOn: view.trialEndsOn, agreement: view.agreement, signatures: view.signatures },
      side,
      family: side ? { firstName: names.family.firstName } : names.family,
      host: side ? { firstName: names.host.firstName } : { firstName: names.host.firstName, lastName: names.host.lastName },
      commune: names.host.commune ? communeName(names.host.commune, req.lang) : '',
      // A cohabitation exists only from a proposal both households accepted: the address belongs in it (SPEC §1, §7).
      ...(await homeOf(cohabitation.offerId)),
      mySignature: side ? view.signatures[side] : null,
      // A party reads the warning for their own declared benefits; the staff's copy (printed for both) names no one's.
      benefitsWarning: side ? await ownWarning(req.lang, side, cohabitation) : null,
      benefitsDeclaration: benefitsDeclaration(req.lang),
      // The annex: every evidence item of both households, with the day each became true.
      evidence: evidenceOf(cohabitation),
    });
  });

  pages.post(
    '/cohabitations/:id/sign',
    parties,
    formHandler(
      (req) => `/cohabitations/${id(req)}/agreement`,
      async (req, res) => {
        await within('sign', () => cohabitations.sign(actorOf(req), String(req.params.id)));
        flash(req, `${P}.flash.youSigned`);
        res.redirect(303, `/cohabitations/${id(req)}/agreement`);
      },
    ),
  );

  // ---- Parents and hosts: their cohabitation(s) ----

  pages.get('/my/cohabitation', parties, async (req, res) => {
    const actor = actorOf(req);
    const { side, items } = await cohabitationsOf(actor, families, offers);
    const list = await Promise.all(
      items.map(async (c) => {
        const names = await sides(c);
        const view = cohabitationForParty(c, side);
        return {
          ...view,
          other: side === 'family' ? names.host.firstName : names.family.firstName,
          commune: names.host.commune ? communeName(names.host.commune, req.lang) : '',
        };
      }),
    );
    res.render('followup/mine.njk', { list, side, helpMax: HELP_MAX, today: todayHere() });
  });

  pages.post(
    '/my/cohabitation/:id/help',
    parties,
    formHandler(
      () => '/my/cohabitation',
      async (req, res) => {
        const actor = actorOf(req);
        const { cohabitation, side } = await cohabitations.get(actor, String(req.params.id));
        const field = `help-${String(cohabitation._id)}`;
        const message = str(part(req, 'help')[String(cohabitation._id)]) ?? '';
        if (!message) throw new ValidationError([{ path: `/${field}`, messageKey: `${P}.errors.messageRequired` }]);
        if (message.length > HELP_MAX) throw new ValidationError([{ path: `/${field}`, messageKey: 'validation.maxLength', params: { limit: HELP_MAX } }]);
        const sent = outbox ? await mailWorker(outbox, families, cohabitation, { name: actor.name, side: side ?? 'family' }, message) : false;
        if (!sent) throw new ValidationError([{ path: `/${field}`, messageKey: `${P}.errors.noWorker` }]);
        flash(req, `${P}.flash.helpSent`);
        res.redirect(303, '/my/cohabitation');
      },
    ),
  );

  return pages;
}
