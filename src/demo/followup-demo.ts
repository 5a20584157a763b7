// The demo's living service for `npm start`: proposals, cohabitations at every stage and endings,
// played after intake-demo.ts through the real services (matching's ProposalService, followup's
// CohabitationService), so every record passes the same rules as the worker's.
//
// Stories happen in the past (a cohabitation that started sixteen months ago, a check-in that is
// late). Where a service takes the day as a parameter (start, check-in, incident and end dates,
// advanceTrials(day), expireDue(now)) the demo passes it. The services stamp their own events with
// the wall clock (proposal createdAt, signatures, status events); those stamps are moved afterwards
// to the story's dates by `retime` below, the only direct database write of the demo: it changes
// dates, never a status or a decision.
import { policyFor } from '../kernel/policy.js';
import { markChanged } from '../kernel/db/collection-cache.js';
import mongoose from 'mongoose';
import type { App } from '../app.js';
import { addDays, addMonths, checkinSchedule } from '../modules/followup/schedule.js';
import { ISOLATION_CRITERIA, type NetworkContact, type OfferRecord } from '../modules/intake/index.js';
import type { DemoActors } from './intake-demo.js';
import { seedLedgerDemo } from './ledger-demo.js';
import { Random } from './random.js';
import { seedRehousingDemo } from './rehousing-demo.js';

export const FOLLOWUP_DEMO_SEED = 20_261_122;
const DAY_MS = 86_400_000;

export type CohabitationStage = 'ended' | 'active' | 'trial' | 'agreement';

/** One story: a proposal and what became of it, dates in days relative to today. */
export interface DemoStory {
  key: string;
  /** Days from today the proposal was made (negative = in the past); a cohabitation's proposal comes a month before its start. */
  proposedOn?: number;
  outcome: 'pending' | 'declined' | 'cancelled' | 'expired' | 'accepted' | 'cohabitation';
  reason?: string;
  cohabitation?: {
    /** Start date, in months (or days) relative to today. */
    start: { months?: number; days?: number };
    stage: CohabitationStage;
    /** Which scheduled check-ins were done (labels of checkinSchedule); the others are late or to come. */
    checkinsDone: string[];
    incident?: { daysAgo: number; kind: 'conflict' | 'violence' | 'damage' | 'unpaid' | 'other'; severity: 'low' | 'medium' | 'high'; description: string };
    mediation?: { participants: string; summary: string; agreements: string };
    ending?: {
      afterDays: number;
      reason: 'planned_end' | 'family_found_housing' | 'family_left' | 'host_ended' | 'conflict' | 'safety' | 'other';
      exitNote: string;
      referrals: string | null;
    };
    /** Only the host has signed so far. */
    hostSignedOnly?: boolean;
  };
  /** The demo parent's family and the demo host's offer, proposed to each other. */
  demoAccounts?: boolean;
}

/** The stories, oldest first. */
export const DEMO_STORIES: DemoStory[] = [
  // Ended, each for another reason: the statistics of endings and of cohabitations still alive at 3/6/12 months.
  {
    key: 'planned',
    outcome: 'cohabitation',
    cohabitation: {
      start: { months: -16 },
      stage: 'ended',
      checkinsDone: ['day7', 'day28', 'month3', 'month6', 'month9', 'month12'],
      ending: {
        afterDays: 365,
        reason: 'planned_end',
        exitNote: 'Un an comme prévu. La famille part dans un logement social obtenu entre-temps ; l’hôte se dit prêt à accueillir à nouveau.',
        referrals: 'Agence immobilière sociale ; maison de quartier pour le soutien scolaire.',
      },
    },
  },
  {
    key: 'housing',
    outcome: 'cohabitation',
    cohabitation: {
      start: { months: -14 },
      stage: 'ended',
      checkinsDone: ['day7', 'day28', 'month3', 'month6'],
      ending: {
        afterDays: 240,
        reason: 'family_found_housing',
        exitNote: 'A trouvé un appartement à loyer modéré grâce au CPAS. Départ en bons termes.',
        referrals: 'CPAS (garantie locative).',
      },
    },
  },
  {
    key: 'conflict',
    outcome: 'cohabitation',
    cohabitation: {
      start: { months: -11 },
      stage: 'ended',
      checkinsDone: ['day7', 'day28'],
      incident: {
        daysAgo: -285,
        kind: 'conflict',
        severity: 'medium',
        description: 'Désaccord répété sur l’usage de la cuisine le soir ; ton qui monte devant les enfants.',
      },
      mediation: {
        participants: 'Le parent, l’hôte, l’accompagnatrice',
        summary: 'Chacun a expliqué ses horaires ; le planning de la cuisine n’était plus suivi.',
        agreements: 'Nouveau planning écrit ; point dans deux semaines.',
      },
      ending: {
        afterDays: 70,
        reason: 'conflict',
        exitNote: 'Le planning n’a pas tenu ; fin d’un commun accord avant que ça ne s’envenime.',
        referrals: 'Retour sur la liste d’attente ; suivi par le service.',
      },
    },
  },
  {
    key: 'host-ended',
    outcome: 'cohabitation',
    cohabitation: {
      start: { months: -9 },
      stage: 'ended',
      checkinsDone: ['day7', 'day28'],
      ending: { afterDays: 50, reason: 'host_ended', exitNote: 'L’hôte doit vendre la maison (succession). Préavis respecté.', referrals: null },
    },
  },
  {
    key: 'family-left',
    outcome: 'cohabitation',
    cohabitation: {
      start: { months: -6 },
      stage: 'ended',
      checkinsDone: ['day7', 'day28', 'month3'],
      ending: { afterDays: 125, reason: 'family_left', exitNote: 'La famille est retournée vivre près des grands-parents à Liège.', referrals: null },
    },
  },
  // Proposals that did not go through: the reasons the statistics count.
  { key: 'declined-host', proposedOn: -120, outcome: 'declined', reason: 'Horaires de travail de nuit incompatibles avec le calme demandé.' },
  { key: 'declined-family', proposedOn: -90, outcome: 'declined', reason: 'Trop loin de l’école des enfants.' },
  { key: 'declined-family-2', proposedOn: -60, outcome: 'declined', reason: 'Trop loin de l’école des enfants.' },
  { key: 'cancelled', proposedOn: -45, outcome: 'cancelled', reason: 'La famille a été hospitalisée ; on reprendra plus tard.' },
  { key: 'expired', proposedOn: -30, outcome: 'expired' },
  // Alive: a year without trouble, a late check-in, a severe incident, a late end-of-trial check-in.
  {
    key: 'long',
    outcome: 'cohabitation',
    cohabitation: { start: { months: -13 }, stage: 'active', checkinsDone: ['day7', 'day28', 'month3', 'month6', 'month9', 'month12'] },
  },
  { key: 'late-checkin', outcome: 'cohabitation', cohabitation: { start: { months: -7 }, stage: 'active', checkinsDone: ['day7', 'day28', 'month3'] } },
  {
    key: 'incident',
    outcome: 'cohabitation',
    cohabitation: {
      start: { months: -4 },
      stage: 'active',
      checkinsDone: ['day7', 'day28', 'month3'],
      incident: {
        daysAgo: -4,
        kind: 'violence',
        severity: 'high',
        description:
          'Dispute violente entre le fils aîné du ménage hôte et le parent ; la police est passée. Le parent et les enfants dorment chez des amis ce soir.',
      },
    },
  },
  { key: 'end-of-trial', outcome: 'cohabitation', cohabitation: { start: { days: -60 }, stage: 'active', checkinsDone: ['day7'] } },
  { key: 'trial', outcome: 'cohabitation', cohabitation: { start: { days: -12 }, stage: 'trial', checkinsDone: ['day7'] } },
  { key: 'signing', outcome: 'cohabitation', cohabitation: { start: { days: 10 }, stage: 'agreement', checkinsDone: [], hostSignedOnly: true } },
  { key: 'accepted', proposedOn: -8, outcome: 'accepted' },
  // Waiting for answers: one for twelve days already (the dashboard flags it), the demo accounts' own, a new one.
  { key: 'stale', proposedOn: -12, outcome: 'pending' },
  { key: 'demo-accounts', proposedOn: -2, outcome: 'pending', demoAccounts: true },
  { key: 'fresh', proposedOn: -1, outcome: 'pending' },
];

const NOTES = [
  'Bonne entente ; les enfants jouent ensemble au jardin.',
  'Quelques frictions sur le bruit le soir, réglées en parlant.',
  'Le parent a trouvé une formation ; l’hôte garde les enfants le mercredi.',
  'Tout va bien, rien à signaler.',
  'Les courses sont faites ensemble le samedi ; ambiance détendue.',
  'L’hôte se sent moins seul ; la famille se pose enfin.',
];

const HOUSE_RULES = 'Calme après 22 h. Pas de visite la nuit sans prévenir. Chacun nettoie après soi dans la cuisine.';
/** Shopping and company in the evening for the host; the family waters the garden (hours a week, within the limit of 10). */
const SERVICES = [
  { code: 'shopping' as const, hoursPerWeek: 2 },
  { code: 'company' as const, hoursPerWeek: 2 },
  { code: 'gardening' as const, hoursPerWeek: 1 },
];
const SHARED = 'Cuisine : la famille de 17 h à 19 h, l’hôte ensuite. Salle de bain : la famille le matin jusqu’à 8 h.';

function isoDay(now: Date, days: number): string {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(start + days * DAY_MS).toISOString().slice(0, 10);
}

function startOf(now: Date, start: { months?: number; days?: number }): string {
  const today = isoDay(now, 0);
  return start.months !== undefined ? addMonths(today, start.months) : addDays(today, start.days ?? 0);
}

/**
 * The story clock: each step notes the story date it happens on; wall-clock stamps written by the
 * services between two notes are moved to that date (order kept, spacing of milliseconds kept).
 */
class StoryClock {
  private readonly marks: { wall: number; story: number }[] = [];
  at(day: string, hour = 10): void {
    // A step of today happens a few minutes ago at the latest: no stamp in the future.
    const story = Math.min(new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`).getTime(), Date.now() - 10 * 60_000);
    this.marks.push({ wall: Date.now(), story });
  }
  /** The story time of a wall-clock stamp, or null for stamps written before the stories. */
  map(value: unknown): Date | null {
    if (!(value instanceof Date)) return null;
    const wall = value.getTime();
    let mark: { wall: number; story: number } | undefined;
    for (const m of this.marks) if (m.wall <= wall) mark = m;
    return mark ? new Date(mark.story + (wall - mark.wall)) : null;
  }
}

type Raw = Record<string, unknown> & { _id: mongoose.Types.ObjectId };

/** Moves a record's wall-clock stamps to the story; stamps from before the stories go just before its first story date. */
async function retime(
  collection: string,
  ids: string[],
  clock: StoryClock,
  paths: { dates: string[]; events: string[]; stamps: string[]; objects?: string[] },
): Promise<void> {
  const coll = mongoose.connection.collection<Raw>(collection);
  for (const id of ids) {
    const doc = await coll.findOne({ _id: new mongoose.Types.ObjectId(id) });
    if (!doc) continue;
    const events = paths.events.flatMap((p) => ((doc[p] as { at?: Date }[] | undefined) ?? []).filter((e) => e && e.at instanceof Date));
    const mapped = events.map((e) => clock.map(e.at)).filter((d): d is Date => d !== null);
    if (!mapped.length) continue;
    const first = Math.min(...mapped.map((d) => d.getTime()));
    const before = events.filter((e) => clock.map(e.at) === null).map((e) => e.at!.getTime());
    const earliest = before.length ? Math.min(...before) : 0;
    // Intake's stamps (created, sent, reviewed) land in the weeks before the first proposal.
    const early = (d: Date) => new Date(first - 40 * DAY_MS + (d.getTime() - earliest) * 1000);
    const move = (d: unknown): unknown => (d instanceof Date ? (clock.map(d) ?? early(d)) : d);
    const set: Record<string, unknown> = {};
    for (const p of paths.events)
      if (Array.isArray(doc[p])) set[p] = (doc[p] as Record<string, unknown>[]).map((e) => (e && 'at' in e ? { ...e, at: move(e.at) } : e));
    for (const p of paths.dates) if (doc[p] instanceof Date) set[p] = move(doc[p]);
    for (const p of paths.stamps) {
      const [field, ...rest] = p.split('.');
      const holder = doc[field!] as Record<string, { at?: Date } | null> | null | undefined;
      if (!holder) continue;
      const copy = { ...holder };
      for (const key of rest.length ? rest : Object.keys(copy)) if (copy[key]?.at) copy[key] = { ...copy[key], at: move(copy[key].at) as Date };
      set[field!] = copy;
    }
    for (const p of paths.objects ?? []) {
      const holder = doc[p] as { at?: Date } | null | undefined;
      if (holder?.at instanceof Date) set[p] = { ...holder, at: move(holder.at) };
    }
    if (Object.keys(set).length) await coll.updateOne({ _id: doc._id }, { $set: set });
  }
}

export interface FollowupDemoSummary {
  proposals: Record<DemoStory['outcome'], number>;
  cohabitations: Record<CohabitationStage, number>;
  skipped: string[];
}

/** Plays DEMO_STORIES through the services; families and offers are the intake demo's, paired by the matching engine. */
export async function seedFollowupDemo(app: App, actors: DemoActors, now = new Date()): Promise<FollowupDemoSummary> {
  const intake = app.named.intake;
  const matching = app.named.matching;
  const followup = app.named.followup;
  const worker = actors.worker;
  const rng = new Random(FOLLOWUP_DEMO_SEED);
  const clock = new StoryClock();
  const summary: FollowupDemoSummary = {
    proposals: { pending: 0, declined: 0, cancelled: 0, expired: 0, accepted: 0, cohabitation: 0 },
    cohabitations: { ended: 0, active: 0, trial: 0, agreement: 0 },
    skipped: [],
  };

  /** Nothing is stamped in the future: a step planned after today happens today. */
  const past = (day: string) => (day < isoDay(now, 0) ? day : isoDay(now, 0));
  const byCreation = <T extends { _id: unknown }>(docs: T[]) => [...docs].sort((a, b) => String(a._id).localeCompare(String(b._id)));
  const demoFamily = (await intake.families.list(actors.parent, { limit: 5 })).items.find((f) => f.status === 'active');
  const demoOffer = (await intake.offers.list(actors.host, { limit: 5 })).items.find((o) => o.status === 'available');
  const reserved = { family: demoFamily ? String(demoFamily._id) : '', offer: demoOffer ? String(demoOffer._id) : '' };
  const used = new Set<string>();
  const touched = { families: new Set<string>(), offers: new Set<string>(), proposals: new Set<string>(), cohabitations: new Set<string>() };

  async function pairFor(story: DemoStory): Promise<{ familyId: string; offer: OfferRecord } | null> {
    const taken = await matching.proposals.taken();
    if (story.demoAccounts) {
      if (!reserved.family || !reserved.offer) return null;
      const { items } = await matching.candidates.forFamily(worker, reserved.family, { limit: 50, includeIneligible: false, lang: 'fr' });
      const item = items.find((i) => String(i.offer._id) === reserved.offer && !taken.offers.has(reserved.offer));
      return item ? { familyId: reserved.family, offer: item.offer } : null;
    }
    // Families met for the first time first; then those back on the list after an ending or a refusal.
    const active = byCreation(await intake.families.inStatuses(['active'])).filter(
      (f) => String(f._id) !== reserved.family && !taken.families.has(String(f._id)),
    );
    const families = [...active.filter((f) => !used.has(String(f._id))), ...active.filter((f) => used.has(String(f._id)))];
    for (const f of families) {
      const { items } = await matching.candidates.forFamily(worker, String(f._id), { limit: 50, includeIneligible: false, lang: 'fr' });
      const free = items.filter((i) => i.offer.status === 'available' && String(i.offer._id) !== reserved.offer && !taken.offers.has(String(i.offer._id)));
      if (free.length) return { familyId: String(f._id), offer: free[0]!.offer };
    }
    return null;
  }

  for (const story of DEMO_STORIES) {
    const pair = await pairFor(story);
    if (!pair) {
      summary.skipped.push(story.key);
      continue;
    }
    const { familyId, offer } = pair;
    const offerId = String(offer._id);
    used.add(familyId);
    touched.families.add(familyId);
    touched.offers.add(offerId);
    const proposedOn = story.cohabitation ? past(addDays(startOf(now, story.cohabitation.start), -30)) : isoDay(now, story.proposedOn ?? 0);
    clock.at(proposedOn, 9);
    const proposal = await matching.proposals.create(
      worker,
      { familyId, offerId, message: 'Une famille et un logement qui se correspondent : à vous de voir.' },
      'fr',
    );
    const proposalId = String(proposal._id);
    touched.proposals.add(proposalId);
    summary.proposals[story.outcome]++;
    if (story.outcome === 'pending') continue;
    if (story.outcome === 'expired') {
      // The scheduler's own step, run at the day the answer window closed.
      clock.at(addDays(proposedOn, 14), 3);
      await matching.proposals.expireDue(new Date(now.getTime() + 15 * DAY_MS));
      continue;
    }
    if (story.outcome === 'cancelled') {
      clock.at(addDays(proposedOn, 3));
      await matching.proposals.cancel(worker, proposalId, story.reason!);
      continue;
    }
    clock.at(addDays(proposedOn, 3), 14);
    if (story.outcome === 'declined') {
      const party = story.key === 'declined-host' ? 'host' : 'family';
      await matching.proposals.respond(worker, proposalId, { decision: 'decline', reason: story.reason!, party });
      continue;
    }
    await matching.proposals.respond(worker, proposalId, { decision: 'accept', party: 'host' });
    clock.at(addDays(proposedOn, 5), 11);
    await matching.proposals.respond(worker, proposalId, { decision: 'accept', party: 'family' });
    const plan = story.cohabitation;
    if (!plan) continue;

    const start = startOf(now, plan.start);
    clock.at(past(addDays(start, -14)), 15);
    const contribution = offer.application.contribution;
    // What the host asks, within the service's cap and what the family can pay.
    const familyMax = (await intake.families.load(familyId)).application.needs?.maxMonthlyContribution ?? 450;
    const asked = (contribution?.monthlyRent ?? 250) + (contribution?.monthlyCharges ?? 50);
    const created = await followup.cohabitations.create(worker, {
      proposalId,
      startDate: start,
      agreement: {
        monthlyContribution: Math.min(asked, familyMax, policyFor(new Date(`${start}T00:00:00Z`)).contributionCapEur),
        servicesExchanged: SERVICES,
        houseRules: HOUSE_RULES,
        sharedSpacesSchedule: SHARED,
        trialDays: 28,
        noticeDays: 30,
      },
    });
    const id = String(created._id);
    touched.cohabitations.add(id);
    summary.cohabitations[plan.stage]++;
    clock.at(past(addDays(start, -7)), 16);
    await followup.cohabitations.sign(worker, id, 'host');
    if (plan.hostSignedOnly) continue;
    clock.at(past(addDays(start, -3)), 10);
    await followup.cohabitations.sign(worker, id, 'family');
    const trialEnd = addDays(start, 28);
    const ending = plan.ending ? addDays(start, plan.ending.afterDays) : null;
    const today = isoDay(now, 0);
    const steps: { day: string; run: () => Promise<unknown> }[] = [];
    if (trialEnd <= today && (!ending || trialEnd <= ending)) steps.push({ day: trialEnd, run: () => followup.cohabitations.advanceTrials(trialEnd) });
    // Isolation scores go on from the one recorded at intake, and mostly fall.
    const familyNow = await intake.families.load(familyId);
    const scores = (familyNow.isolation ?? []) as { score?: number | null }[];
    let isolation = scores[scores.length - 1]?.score ?? rng.int(2, 4);
    for (const s of checkinSchedule(start)) {
      if (!plan.checkinsDone.includes(s.label) || s.dueOn > today) continue;
      const date = addDays(s.dueOn, -rng.int(0, 3));
      isolation = Math.max(0, isolation - rng.int(0, 1));
      const tense = plan.incident && plan.incident.severity !== 'low' && date >= isoDay(now, plan.incident.daysAgo);
      steps.push({
        day: date,
        run: () =>
          followup.cohabitations.addCheckin(worker, id, {
            date,
            party: rng.pick(['both', 'both', 'family', 'host'] as const),
            wellbeing: { family: tense ? 2 : rng.int(3, 5), host: tense ? 2 : rng.int(3, 5), children: rng.int(3, 5) },
            conflictLevel: tense ? 2 : rng.int(0, 1),
            // The same criteria as at intake, each time (the score is their count).
            isolationCriteria: ISOLATION_CRITERIA.slice(0, isolation),
            // At month 3 the map grows: someone met through the local services.
            ...(s.label === 'month3'
              ? {
                  network: {
                    contacts: [
                      ...(familyNow.network as NetworkContact[]),
                      {
                        kind: 'neighbour' as const,
                        name: 'Nadia',
                        relation: 'Rencontrée à la maison des parents',
                        canHelpWith: 'Garder les enfants une heure',
                        contact: null,
                      },
                    ],
                  },
                }
              : {}),
            note: rng.pick(NOTES),
          }),
      });
    }
    if (plan.incident) {
      const incident = plan.incident;
      const date = isoDay(now, incident.daysAgo);
      steps.push({
        day: date,
        run: () =>
          followup.cohabitations.addIncident(worker, id, { date, kind: incident.kind, severity: incident.severity, description: incident.description }),
      });
      if (plan.mediation) {
        const mediation = plan.mediation;
        const on = addDays(date, 6);
        steps.push({ day: on, run: () => followup.cohabitations.addMediation(worker, id, { date: on, ...mediation }) });
      }
    }
    if (plan.ending && ending) {
      const end = plan.ending;
      steps.push({
        day: ending,
        run: () => followup.cohabitations.end(worker, id, { date: ending, reason: end.reason, exitNote: end.exitNote, referrals: end.referrals }, ending),
      });
    }
    steps.sort((a, b) => a.day.localeCompare(b.day));
    for (const step of steps) {
      clock.at(step.day, 11);
      await step.run();
    }
  }

  await retime('families', [...touched.families], clock, {
    dates: ['submittedAt', 'createdAt', 'updatedAt'],
    events: ['events', 'isolation', 'networkHistory'],
    stamps: [],
  });
  await retime('offers', [...touched.offers], clock, { dates: ['updatedAt'], events: ['events'], stamps: [] });
  // Written past Mongoose: the in-process copies of these collections are told.
  await markChanged('families', [...touched.families]);
  await markChanged('offers', [...touched.offers]);
  await retime('proposals', [...touched.proposals], clock, {
    dates: ['createdAt', 'updatedAt', 'closedAt'],
    events: ['events'],
    stamps: ['responses.family', 'responses.host'],
  });
  await retime('cohabitations', [...touched.cohabitations], clock, {
    dates: ['createdAt', 'updatedAt'],
    events: ['events', 'checkins', 'incidents', 'mediations'],
    stamps: ['signatures.family', 'signatures.host'],
    objects: ['ending'],
  });
  await seedLedgerDemo(app, actors);
  // A pending proposal's answer window runs from its (story) creation.
  const proposals = mongoose.connection.collection<Raw>('proposals');
  for (const id of touched.proposals) {
    const p = await proposals.findOne({ _id: new mongoose.Types.ObjectId(id) });
    if (p && p.status === 'pending')
      await proposals.updateOne({ _id: p._id }, { $set: { expiresAt: new Date((p.createdAt as Date).getTime() + 14 * DAY_MS) } });
  }
  await seedRehousingDemo(app, actors, isoDay(now, 0));
  return summary;
}
