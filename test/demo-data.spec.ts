// The demo data of `npm start`: created once, deterministic from its seed, every record valid and
// made through the services (statuses, histories, casework), covering the whole region; then a
// living service on top (followup-demo.ts): proposals, cohabitations at every stage, endings.
import { expect } from 'chai';
import mongoose from 'mongoose';
import { buildIntakeDemo, DEMO_FAMILY_STATUSES, DEMO_OFFER_STATUSES, type IntakeDemoPlan } from '../src/demo/intake-demo.js';
import { DEMO_STORIES } from '../src/demo/followup-demo.js';
import { REHOUSING_DEMO_COHABITATIONS } from '../src/demo/rehousing-demo.js';
import { DEMO_LOGINS, seedDemoData } from '../src/demo/seed.js';
import { HOUSEHOLD_LOGINS } from '../src/demo/household-demo.js';
import { CohabitationModel, type CohabitationRecord } from '../src/modules/followup/cohabitation.model.js';
import { ProposalModel, type ProposalRecord } from '../src/modules/matching/proposal.model.js';
import { UserModel } from '../src/kernel/auth/user.model.js';
import { COMMUNE_CODES, postalCodeBelongs } from '../src/kernel/region.js';
import { ruleSetById, ruleSetFor } from '../src/kernel/rulesets.js';
import { FamilyModel, type FamilyRecord } from '../src/modules/intake/family.model.js';
import { familySubmissionProblems } from '../src/modules/intake/family.rules.js';
import {
  validateBedroomsOverride,
  validateExclusions,
  validateInterview,
  validateIsolation,
  validateNetwork,
  validateRecordCheck,
  validateReference,
  validateReview,
} from '../src/modules/intake/casework.schemas.js';
import type { FamilyDraft } from '../src/modules/intake/family.schemas.js';
import { OfferModel, type OfferRecord } from '../src/modules/intake/offer.model.js';
import { offerSubmissionProblems } from '../src/modules/intake/offer.rules.js';
import type { OfferDraft } from '../src/modules/intake/offer.schemas.js';
import { apiLogin, csrfToken, useTestApp } from './helpers/test-app.js';
import { schoolDemoPlan } from '../src/demo/school-demo.js';

const emailOf = (role: string) => DEMO_LOGINS.accounts.find((a) => a.role === role)!.email;

async function userId(role: string): Promise<string> {
  const user = await UserModel.findOne({ email: emailOf(role) }).lean();
  return String(user!._id);
}

interface Projection {
  families: string[];
  offers: string[];
}

function projectPlan(plan: IntakeDemoPlan): Projection {
  // Intake's plan, and the children-first demo's family and homes (src/demo/school-demo.ts).
  const school = schoolDemoPlan();
  return {
    families: [...plan.families.map((f) => f.body), school.family]
      .map((b) => `${b.parent?.firstName} ${b.parent?.lastName}|${(b.needs?.communes ?? []).join(',')}`)
      .sort(),
    offers: [...plan.offers.map((o) => o.body), ...school.offers].map((b) => `${b.host?.firstName} ${b.host?.lastName}|${b.address?.commune}`).sort(),
  };
}

async function projectDatabase(): Promise<Projection> {
  const families = await FamilyModel.find().lean<FamilyRecord[]>();
  const offers = await OfferModel.find().lean<OfferRecord[]>();
  return {
    families: families
      .map((f) => {
        const app = f.application as FamilyDraft;
        return `${app.parent?.firstName} ${app.parent?.lastName}|${(app.needs?.communes ?? []).join(',')}`;
      })
      .sort(),
    offers: offers
      .map((o) => {
        const app = o.application as OfferDraft;
        return `${app.host?.firstName} ${app.host?.lastName}|${app.address?.commune}`;
      })
      .sort(),
  };
}

describe('demo data for npm start', () => {
  const ctx = useTestApp();
  const seeded: boolean[] = [];
  const counts: { families: number; offers: number; users: number }[] = [];
  let families: FamilyRecord[] = [];
  let offers: OfferRecord[] = [];
  let proposals: ProposalRecord[] = [];
  let cohabitations: CohabitationRecord[] = [];

  const countAll = async () => ({
    families: await FamilyModel.countDocuments(),
    offers: await OfferModel.countDocuments(),
    users: await UserModel.countDocuments(),
  });

  before(async function () {
    this.timeout(60_000);
    seeded.push(await seedDemoData(ctx.app));
    counts.push(await countAll());
    seeded.push(await seedDemoData(ctx.app));
    counts.push(await countAll());
    // Read through the services: the confidential fields are sealed at rest.
    const intake = ctx.app.named.intake;
    families = await Promise.all((await FamilyModel.find().select('_id').lean<{ _id: unknown }[]>()).map((f) => intake.families.load(String(f._id))));
    offers = await Promise.all((await OfferModel.find().select('_id').lean<{ _id: unknown }[]>()).map((o) => intake.offers.load(String(o._id))));
    proposals = await ProposalModel.find().lean<ProposalRecord[]>();
    cohabitations = await CohabitationModel.find().lean<CohabitationRecord[]>();
  });

  it('creates the demo data on the first start only: no duplicates on the second', () => {
    expect(seeded).to.deep.equal([true, false]);
    expect(counts[1]).to.deep.equal(counts[0]);
    expect(counts[0]!.users).to.equal(DEMO_LOGINS.accounts.length);
  });

  it('holds about 35 families and 30 offers', () => {
    expect(families.length).to.be.within(30, 40);
    expect(offers.length).to.be.within(24, 34);
  });

  it('has families in every intake status: draft, submitted, active (several), on hold, rejected; and further on', () => {
    const statuses = families.map((f) => f.status);
    expect([...new Set(statuses)]).to.include.members([...DEMO_FAMILY_STATUSES, 'proposed', 'matched', 'housed', 'closed']);
    expect(statuses.filter((s) => s === 'active').length).to.be.at.least(4);
    for (const f of families.filter((x) => x.status === 'on_hold' || x.status === 'rejected')) expect(f.statusReason, f.status).to.be.a('string').and.not.empty;
  });

  it('has offers in every status intake can reach: draft, submitted, inspection, available, non_conform, paused, suspended; reserved and occupied', () => {
    expect([...new Set(offers.map((o) => o.status))].sort()).to.deep.equal([...DEMO_OFFER_STATUSES, 'reserved', 'occupied'].sort());
  });

  it('shows one offer suspended by a not-clear extract, its coordinator review pending (SPEC §11)', () => {
    const suspended = offers.filter((o) => o.status === 'suspended');
    expect(suspended).to.have.length(1);
    expect(suspended[0]!.statusReason).to.equal('record_check');
    expect(suspended[0]!.suspensionReviews ?? []).to.have.length(0);
    expect(suspended[0]!.recordChecks.some((c) => c.result === 'not_clear')).to.equal(true);
  });

  it('covers the 19 communes, with postal codes that belong to each offer’s commune', () => {
    const seen = new Set<string>();
    for (const o of offers) {
      const address = (o.application as OfferDraft).address!;
      seen.add(address.commune!);
      expect(postalCodeBelongs(address.postalCode!, address.commune!), `${address.postalCode} ${address.commune}`).to.equal(true);
    }
    for (const f of families) for (const c of (f.application as FamilyDraft).needs?.communes ?? []) seen.add(c!);
    expect([...seen].sort()).to.deep.equal([...COMMUNE_CODES].sort());
  });

  it('every family sent or further on is complete and coherent; drafts are not', () => {
    for (const f of families) {
      const problems = familySubmissionProblems(f.application as FamilyDraft);
      if (f.status === 'draft') continue;
      expect(problems, `${f.status} ${String(f._id)}`).to.deep.equal([]);
    }
    expect(families.filter((f) => f.status === 'draft').every((f) => familySubmissionProblems(f.application as FamilyDraft).length > 0)).to.equal(true);
  });

  it('every offer sent or further on is complete and coherent, rooms within the dwelling', () => {
    for (const o of offers) {
      const app = o.application as OfferDraft;
      if (app.rooms && app.dwelling?.netSurfaceM2) expect(app.rooms.reduce((s, r) => s + r!.surfaceM2!, 0)).to.be.at.most(app.dwelling.netSurfaceM2);
      if (o.status === 'draft') continue;
      expect(offerSubmissionProblems(app), `${o.status} ${String(o._id)}`).to.deep.equal([]);
    }
  });

  it('gives the demo parent one family and the demo host one offer, proposed to each other; the demo partner a few referrals', async () => {
    const parentId = await userId('parent');
    const parents = families.filter((f) => f.ownerUserId === parentId);
    expect(parents).to.have.length(1);
    expect(parents[0]!.status).to.equal('proposed');
    const hostId = await userId('host');
    const hosts = offers.filter((o) => o.ownerUserId === hostId);
    expect(hosts).to.have.length(1);
    const theirs = proposals.filter((p) => p.familyId === String(parents[0]!._id));
    expect(theirs.map((p) => [p.offerId, p.status])).to.deep.equal([[String(hosts[0]!._id), 'pending']]);
    const partnerId = await userId('partner');
    expect(families.filter((f) => f.referredBy === partnerId).length).to.be.within(2, 3);
  });

  it('lets the demo accounts in with the printed password and shows each their own records', async () => {
    const parent = ctx.request();
    await apiLogin(parent, emailOf('parent'), DEMO_LOGINS.password);
    const mine = await parent.get('/api/v1/families').expect(200);
    expect(mine.body.items).to.have.length(1);
    const parentProposals = await parent.get('/api/v1/proposals').expect(200);
    expect(parentProposals.body.items.map((p: { status: string }) => p.status)).to.deep.equal(['pending']);

    const host = ctx.request();
    await apiLogin(host, emailOf('host'), DEMO_LOGINS.password);
    const offersOfHost = await host.get('/api/v1/offers').expect(200);
    expect(offersOfHost.body.items.length).to.be.at.least(1);
    expect(offersOfHost.body.items.map((o: { status: string }) => o.status)).to.deep.equal(['available']);
    const hostProposals = await host.get('/api/v1/proposals').expect(200);
    expect(hostProposals.body.items.map((p: { status: string }) => p.status)).to.deep.equal(['pending']);

    const worker = ctx.request();
    await apiLogin(worker, emailOf('worker'), DEMO_LOGINS.password);
    const active = await worker.get('/api/v1/families?status=active').expect(200);
    expect(active.body.items.length).to.equal(families.filter((f) => f.status === 'active').length);
  });

  it('gives the two households of the demo ledger their own logins: each opens its home-sharing and its ledger', async () => {
    const ledgerC = cohabitations.find((c) => c.status === 'active' && families.find((f) => String(f._id) === c.familyId)?.ownerUserId);
    expect(ledgerC, 'an active home-sharing whose family has an account').to.not.equal(undefined);
    for (const email of [HOUSEHOLD_LOGINS.parent, HOUSEHOLD_LOGINS.host]) {
      const agent = ctx.request();
      await apiLogin(agent, email, DEMO_LOGINS.password);
      const to = await agent.get('/my/cohabitation/ledger').expect(303);
      expect(to.headers.location, email).to.equal(`/my/cohabitation/${String(ledgerC!._id)}/ledger`);
      expect((await agent.get(`/api/v1/cohabitations/${String(ledgerC!._id)}`).expect(200)).body.status).to.equal('active');
      const page = await agent.get(to.headers.location!).expect(200);
      expect(page.text, email).to.include('Facture de gaz (novembre)');
    }
    // The first demo parent has no home-sharing: their ledger link leads back to their cohabitation page.
    const parent = ctx.request();
    await apiLogin(parent, emailOf('parent'), DEMO_LOGINS.password);
    expect((await parent.get('/my/cohabitation/ledger').expect(303)).headers.location).to.equal('/my/cohabitation');
  });

  it('made every record through the services: versions and an event history that ends in its status', () => {
    for (const r of [...families, ...offers]) {
      expect(r.events[0]!.type).to.equal('created');
      expect(r.version).to.equal(r.events.length - 1);
      const statusEvents = r.events.filter((e) => e.to);
      expect(statusEvents[statusEvents.length - 1]!.to, String(r._id)).to.equal(r.status);
    }
  });

  it('inspected offers carry their outcome under the rule set, with references and criminal-record extracts seen', () => {
    const year = new Date().getUTCFullYear();
    for (const o of offers.filter((x) => ['inspection', 'available', 'non_conform', 'paused'].includes(x.status))) {
      expect(o.references.length).to.be.at.least(2);
      const household = (o.application as OfferDraft).host!.household!;
      const adults = household
        .map((m, i) => ({ i, adult: year - m!.birthYear! >= 18 }))
        .filter((m) => m.adult)
        .map((m) => m.i);
      expect(o.recordChecks.map((c) => c.memberIndex).sort()).to.deep.equal(adults);
    }
    const inspected = offers.filter((o) => o.inspection);
    const outcomes = new Set(inspected.map((o) => o.inspection!.outcome));
    expect([...outcomes].sort()).to.deep.equal(['conform', 'conform_with_remarks', 'non_conform']);
    for (const o of inspected) {
      const { outcome, validUntil, remarksDeadline, ruleSet, performedAt } = o.inspection!;
      // BRU-2026 today; a later rule set for inspections made once it is in force.
      expect(ruleSet).to.equal(ruleSetFor(new Date(performedAt!)).id);
      const rules = ruleSetById(ruleSet!)!;
      expect(new Date(performedAt!).getTime()).to.be.below(Date.now());
      if (outcome === 'non_conform') {
        expect(o.status).to.equal('non_conform');
        expect(validUntil).to.equal(null);
      } else {
        expect(['available', 'paused', 'suspended', 'reserved', 'occupied']).to.include(o.status);
        expect(new Date(validUntil!).getTime()).to.be.above(Date.now());
        const months =
          (new Date(validUntil!).getUTCFullYear() - new Date(performedAt!).getUTCFullYear()) * 12 +
          new Date(validUntil!).getUTCMonth() -
          new Date(performedAt!).getUTCMonth();
        expect(months).to.equal(rules.validityMonths);
      }
      if (outcome === 'conform_with_remarks') {
        expect(Math.round((new Date(remarksDeadline!).getTime() - new Date(performedAt!).getTime()) / 86_400_000)).to.equal(rules.remarksDeadlineDays);
        expect(new Date(remarksDeadline!).getTime()).to.be.above(Date.now());
      }
      if (outcome !== 'conform_with_remarks') expect(remarksDeadline).to.equal(null);
    }
  });

  it('asks contributions mostly under the 450 EUR cap, one or two above it', () => {
    const totals = offers
      .map((o) => (o.application as OfferDraft).contribution)
      .filter(Boolean)
      .map((c) => c!.monthlyRent! + c!.monthlyCharges!);
    const over = totals.filter((t) => t > 450).length;
    expect(over).to.be.within(1, 2);
    for (const o of offers.filter((x) => x.status === 'available')) {
      const c = (o.application as OfferDraft).contribution!;
      expect(c.monthlyRent! + c.monthlyCharges!).to.be.at.most(450);
    }
  });

  it('has hosts of every kind: retired owners, single parents, a tenant with the landlord’s consent', () => {
    const apps = offers.map((o) => o.application as OfferDraft);
    expect(apps.some((a) => a.host?.isSingleParent === true)).to.equal(true);
    expect(apps.some((a) => a.legal?.tenure === 'tenant' && a.legal.landlordConsent === true)).to.equal(true);
    const year = new Date().getUTCFullYear();
    expect(apps.some((a) => a.legal?.tenure === 'owner' && a.host!.household!.some((m) => m!.relation === 'self' && year - m!.birthYear! >= 65))).to.equal(
      true,
    );
  });

  it('does the worker’s casework: interviews, network maps and isolation scores on active families, exclusions on confidential cases, a bedrooms override', () => {
    const active = families.filter((f) => f.status === 'active');
    for (const f of active) {
      expect(f.interviews.length, String(f._id)).to.be.at.least(1);
      expect(f.network.length).to.be.at.least(1);
      expect(f.isolation).to.have.length(1);
      expect(f.isolation[0]!.score).to.equal(f.isolation[0]!.criteria?.length);
    }
    const confidential = families.filter((f) => (f.application as FamilyDraft).situation?.confidentialAddress === true && f.status !== 'draft');
    expect(confidential.length).to.be.at.least(2);
    for (const f of confidential) {
      const exclusions = f.exclusions!;
      expect(exclusions.communes.length).to.be.at.least(1);
      expect(exclusions.reason).to.be.a('string').and.not.empty;
      const preferred = (f.application as FamilyDraft).needs?.communes ?? [];
      expect(preferred.filter((c) => exclusions.communes.includes(c!))).to.deep.equal([]);
    }
    const overridden = families.filter((f) => f.bedrooms?.override);
    expect(overridden.length).to.be.at.least(1);
    for (const f of overridden) expect(f.bedrooms!.override!.reason).to.be.a('string').and.not.empty;
    const excludedOffers = families.flatMap((f) => f.exclusions?.offerIds ?? []);
    expect(excludedOffers.length).to.be.at.least(1);
    for (const id of excludedOffers) expect(offers.some((o) => String(o._id) === id)).to.equal(true);
  });

  it('shows the duplicate warning: some families share a phone number', async () => {
    const intake = ctx.app.named.intake;
    const phoneKeys = families.flatMap((f) => f.duplicateKeys.filter((k) => k.startsWith('phone:')));
    const shared = families.filter((f) => f.duplicateKeys.some((k) => k.startsWith('phone:') && phoneKeys.filter((p) => p === k).length > 1));
    expect(shared.length).to.be.at.least(4);
    // written differently (0470 12 34 56, +32 470 12 34 56), found all the same
    expect(new Set(shared.map((f) => (f.application as FamilyDraft).parent!.phone)).size).to.be.above(shared.length / 2);
    for (const f of shared) expect((await intake.families.duplicatesOf(f)).some((d) => d.matchedOn.includes('phone'))).to.equal(true);
  });

  it('keeps ages and dates coherent with today', () => {
    const year = new Date().getUTCFullYear();
    const today = new Date().toISOString().slice(0, 10);
    for (const f of families) {
      const app = f.application as FamilyDraft;
      expect(app.parent!.birthYear!).to.be.at.most(year - 18);
      for (const c of app.children ?? []) {
        expect(c!.birthYear!).to.be.at.least(app.parent!.birthYear! + 12);
        expect(c!.birthYear!).to.be.within(year - 17, year);
      }
      if (app.needs?.moveInBy) {
        expect(app.needs.moveInBy > today).to.equal(true);
        expect(app.needs.moveInBy >= app.needs.moveInFrom!).to.equal(true);
      }
      expect(app.situation!.urgency!).to.be.within(1, 4);
      if (app.needs?.maxMonthlyContribution !== undefined) expect(app.needs.maxMonthlyContribution).to.be.within(300, 650);
    }
    const languages = new Set(families.flatMap((f) => (f.application as FamilyDraft).parent!.languages!));
    for (const l of ['fr', 'nl', 'en', 'ar', 'tr', 'es', 'pt', 'pl', 'ro']) expect([...languages]).to.include(l);
  });

  it('builds the same plan from the same seed, and the same people, statuses and communes in any year', () => {
    const now = new Date();
    expect(buildIntakeDemo(now)).to.deep.equal(buildIntakeDemo(new Date(now)));
    const later = new Date(Date.UTC(now.getUTCFullYear() + 3, 4, 17));
    expect(projectPlan(buildIntakeDemo(later))).to.deep.equal(projectPlan(buildIntakeDemo(now)));
    expect(projectPlan(buildIntakeDemo(now, 7))).to.not.deep.equal(projectPlan(buildIntakeDemo(now)));
  });

  it('gives the services casework inputs that the API’s own validators accept', () => {
    const plan = buildIntakeDemo();
    for (const f of plan.families) {
      for (const interview of f.interviews) validateInterview(interview);
      if (f.network.length) validateNetwork({ contacts: f.network });
      if (f.isolation) validateIsolation(f.isolation);
      if (f.exclusions) validateExclusions({ communes: f.exclusions.communes, offerIds: [], hostIds: [], reason: f.exclusions.reason });
      if (f.bedroomsOverride) validateBedroomsOverride(f.bedroomsOverride);
      for (const r of f.reviews) validateReview({ decision: r.decision, reason: r.reason });
    }
    for (const o of plan.offers) {
      for (const r of o.references) validateReference(r);
      for (const c of o.recordChecks) validateRecordCheck(c);
    }
  });

  it('puts exactly the plan in the database (so every fresh database gets the same data); statuses differ only where a proposal was made', async () => {
    expect(await projectDatabase()).to.deep.equal(projectPlan(buildIntakeDemo()));
    const plan = buildIntakeDemo();
    // The same person may have two applications (a duplicate): statuses by name, as sets.
    const planned = new Map<string, string[]>();
    for (const f of plan.families)
      planned.set(`${f.body.parent?.firstName} ${f.body.parent?.lastName}`, [
        ...(planned.get(`${f.body.parent?.firstName} ${f.body.parent?.lastName}`) ?? []),
        f.status,
      ]);
    const school = schoolDemoPlan();
    planned.set(`${school.family.parent.firstName} ${school.family.parent.lastName}`, ['active']);
    const proposed = new Set(proposals.map((p) => p.familyId));
    for (const f of families) {
      const app = f.application as FamilyDraft;
      if (!planned.get(`${app.parent?.firstName} ${app.parent?.lastName}`)!.includes(f.status))
        expect(proposed.has(String(f._id)), `${f.status} ${String(f._id)}`).to.equal(true);
    }
    const plannedOffers = new Map([
      ...plan.offers.map((o) => [`${o.body.host?.firstName} ${o.body.host?.lastName}`, o.status as string] as const),
      ...school.offers.map((o) => [`${o.host.firstName} ${o.host.lastName}`, 'available'] as const),
    ]);
    const proposedOffers = new Set(proposals.map((p) => p.offerId));
    for (const o of offers) {
      const app = o.application as OfferDraft;
      if (o.status !== plannedOffers.get(`${app.host?.firstName} ${app.host?.lastName}`))
        expect(proposedOffers.has(String(o._id)), `${o.status} ${String(o._id)}`).to.equal(true);
    }
  });

  it('plays every follow-up story: proposals in every status, cohabitations at every stage', () => {
    const byStatus = (status: string) => proposals.filter((p) => p.status === status).length;
    const wanted = (outcome: string) => DEMO_STORIES.filter((s) => s.outcome === outcome).length;
    expect(byStatus('pending')).to.equal(wanted('pending'));
    expect(byStatus('declined')).to.equal(wanted('declined'));
    expect(byStatus('cancelled')).to.equal(wanted('cancelled'));
    expect(byStatus('expired')).to.equal(wanted('expired'));
    expect(byStatus('accepted')).to.equal(wanted('accepted') + wanted('cohabitation') + REHOUSING_DEMO_COHABITATIONS);
    const stages = (stage: string) => cohabitations.filter((c) => c.status === stage).length;
    for (const stage of ['agreement', 'trial', 'active', 'ended'])
      expect(stages(stage), stage).to.equal(
        DEMO_STORIES.filter((s) => s.cohabitation?.stage === stage).length + (stage === 'ended' ? REHOUSING_DEMO_COHABITATIONS : 0),
      );
    expect(new Set(cohabitations.filter((c) => c.status === 'ended').map((c) => c.ending?.reason)).size).to.be.at.least(4);
    expect(cohabitations.some((c) => c.status !== 'ended' && c.incidents.some((i) => i.severity === 'high'))).to.equal(true);
    // Declined proposals carry the reason the statistics count.
    for (const p of proposals.filter((x) => x.status === 'declined')) expect(p.closedReason).to.be.a('string').and.not.empty;
  });

  it('keeps families, offers, proposals and cohabitations consistent with each other', () => {
    const family = (id: string) => families.find((f) => String(f._id) === id)!;
    const offer = (id: string) => offers.find((o) => String(o._id) === id)!;
    const withCohabitation = new Set(cohabitations.map((c) => c.proposalId));
    for (const c of cohabitations) {
      const expected = { agreement: ['matched', 'reserved'], trial: ['housed', 'occupied'], active: ['housed', 'occupied'], ended: null }[c.status];
      if (expected) expect([family(c.familyId).status, offer(c.offerId).status], c.status).to.deep.equal(expected);
      else expect(['active', 'closed', 'proposed', 'matched', 'housed']).to.include(family(c.familyId).status);
      expect(proposals.find((p) => String(p._id) === c.proposalId)!.status).to.equal('accepted');
    }
    for (const p of proposals.filter((x) => x.status === 'accepted' && !withCohabitation.has(String(x._id))))
      expect([family(p.familyId).status, offer(p.offerId).status]).to.deep.equal(['matched', 'reserved']);
    for (const p of proposals.filter((x) => x.status === 'pending')) expect(family(p.familyId).status).to.equal('proposed');
    // Dates in the past, in order: proposed before the start, started before the end.
    const today = new Date().toISOString().slice(0, 10);
    for (const c of cohabitations) {
      const p = proposals.find((x) => String(x._id) === c.proposalId)!;
      expect(new Date(p.createdAt as Date).toISOString().slice(0, 10) < c.startDate).to.equal(true);
      if (c.status !== 'agreement') expect(c.startDate <= today).to.equal(true);
      if (c.ending) expect(c.ending.date! > c.startDate && c.ending.date! <= today).to.equal(true);
      for (const e of c.events) expect(new Date(e.at!).getTime()).to.be.at.most(Date.now());
    }
  });

  it('shows a family on the CPAS with family dependants and a host on the GRAPA, proposed to each other, each with a benefits check page of their own (issue 17)', async () => {
    const parentId = await userId('parent');
    const hostId = await userId('host');
    const family = families.find((f) => f.ownerUserId === parentId)!;
    const offer = offers.find((o) => o.ownerUserId === hostId)!;
    expect(family.application.benefits).to.deep.equal({ source: 'cpas', status: 'family_dependants', singleParentSupplement: true });
    expect(offer.application.benefits).to.deep.equal({ source: 'grapa', status: 'isolated' });
    const proposal = proposals.find((p) => p.familyId === String(family._id) && p.offerId === String(offer._id))!;
    const page = `/proposals/${String(proposal._id)}/benefits`;
    const read = async (role: string) => {
      const agent = ctx.request();
      await apiLogin(agent, emailOf(role), DEMO_LOGINS.password);
      return (await agent.get(page).expect(200)).text.replace(/&#39;/g, "'");
    };
    const parentPage = await read('parent');
    expect(parentPage)
      .to.contain('taux «\u00a0famille à charge\u00a0»')
      .and.contain('allocations familiales plus élevées des familles monoparentales')
      .and.contain('Preuves de ménages séparés');
    expect(parentPage).not.to.contain('GRAPA').and.not.to.contain('Dewaele');
    const hostPage = await read('host');
    expect(hostPage).to.contain('Garantie de revenus aux personnes âgées (GRAPA)').and.contain('montant de base');
    expect(hostPage).not.to.contain('famille à charge').and.not.to.contain('Delcourt');
    const workerPage = await read('worker');
    expect(workerPage).to.contain('Sarah Delcourt').and.contain('Jean Dewaele').and.contain('famille à charge').and.contain('GRAPA');
    // Every other family and host of the demo holds benefits the risks can speak of: a parent with children on the CPAS or unemployment is never "isolated" by default.
    for (const f of families) {
      const b = f.application.benefits;
      if (b?.source && ['cpas', 'unemployment'].includes(b.source) && (f.application.children?.length ?? 0) > 0)
        expect(b.status, f.application.parent?.firstName).to.not.equal('isolated');
    }
    expect(offers.filter((o) => o.application.benefits?.source).length).to.equal(offers.length);
  });

  it('shows the worker a dashboard with alerts, a plan with suggestions, and the coordinator charts with data', async () => {
    const worker = ctx.request();
    await apiLogin(worker, emailOf('worker'), DEMO_LOGINS.password);
    const alerts = await worker.get('/api/v1/alerts').expect(200);
    expect([...new Set(alerts.body.items.map((a: { kind: string }) => a.kind))]).to.include.members(['overdue_checkin', 'severe_incident', 'stale_proposal']);
    const board = await worker.get('/work/dashboard').expect(200);
    expect(board.text).to.match(/\/work\/cohabitations\/[0-9a-f]{24}/);
    const token = await csrfToken(worker);
    const plan = await worker.post('/api/v1/matching/plan').set('X-CSRF-Token', token).send({}).expect(200);
    expect(plan.body.pairs.length).to.be.at.least(2);

    const coordinator = ctx.request();
    await apiLogin(coordinator, emailOf('coordinator'), DEMO_LOGINS.password);
    const stats = (await coordinator.get('/api/v1/stats').expect(200)).body;
    for (const m of ['m3', 'm6', 'm12']) {
      expect(stats.cohabitationsAlive[m].started, m).to.be.at.least(2);
      expect(stats.cohabitationsAlive[m].alive, m).to.be.at.least(1);
    }
    expect(stats.endingsByReason.filter((e: { count: number }) => e.count > 0).length).to.be.at.least(4);
    expect(stats.proposals.declineReasons.length).to.be.at.least(1);
    expect(stats.medianDaysApplicationToHousing).to.be.above(0);
    expect(stats.isolationChange.families).to.be.at.least(3);
    await coordinator.get('/admin/stats').expect(200);
  });

  it('shows a family being rehoused with priority: ended early after a notice, back to active, first in the plan (issue 18)', async () => {
    const notice = cohabitations.find((c) => c.status === 'ended' && c.notice && c.ending?.fallbackHome)!;
    expect(notice.ending!.date).to.equal(notice.notice!.plannedEnd);
    const family = families.find((f) => String(f._id) === notice.familyId)!;
    expect([family.status, family.rehousing?.cohabitationId]).to.deep.equal(['active', String(notice._id)]);
    const worker = ctx.request();
    await apiLogin(worker, emailOf('worker'), DEMO_LOGINS.password);
    const page = (await worker.get('/work/plan').expect(200)).text;
    const first = page.indexOf('Being rehoused') >= 0 ? page.indexOf('Being rehoused') : page.indexOf('À reloger');
    expect(first).to.be.above(0);
    expect(page.indexOf(`/work/families/${notice.familyId}`)).to.be.above(0);
  });

  it('adds no demo families or offers to a database that already holds some', async () => {
    await mongoose.connection.db!.dropDatabase();
    const intake = ctx.app.named.intake;
    await intake.families.create({ id: 'someone', role: 'worker', name: 'Someone' }, { parent: { firstName: 'Real', lastName: 'Person' } });
    expect(await seedDemoData(ctx.app)).to.equal(true);
    expect(await FamilyModel.countDocuments()).to.equal(1);
    expect(await OfferModel.countDocuments()).to.equal(0);
    expect(await UserModel.countDocuments()).to.equal(DEMO_LOGINS.accounts.length);
  });
});
