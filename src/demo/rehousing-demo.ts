// The demo's family being rehoused (issue 18 part 5): the most urgent family still waiting moves in
// with a free home three months ago, the host gives notice a month ago (the agreement's 30 days), the
// worker ends it on the planned end date and records where the family goes meanwhile. Back to
// `active` with priority, it comes first in the plan ("being rehoused"). Played through the real
// services, after the other stories (followup-demo.ts), so it takes what they left free.
import mongoose from 'mongoose';
import type { App } from '../app.js';
import { addDays, addMonths } from '../modules/followup/schedule.js';
import type { DemoActors } from './intake-demo.js';

/** Cohabitations (and accepted proposals) this file adds to the stories of followup-demo.ts. */
export const REHOUSING_DEMO_COHABITATIONS = 1;

/** Returns the rehoused family's id, or null when no family and home were free for it. */
export async function seedRehousingDemo(app: App, actors: DemoActors, today: string): Promise<string | null> {
  const intake = app.named.intake;
  const matching = app.named.matching;
  const followup = app.named.followup;
  const worker = actors.worker;
  const taken = await matching.proposals.taken();
  const ownFamilies = new Set((await intake.families.list(actors.parent, { limit: 5 })).items.map((f) => String(f._id)));
  const waiting = (await intake.families.inStatuses(['active']))
    .filter((f) => !taken.families.has(String(f._id)) && !ownFamilies.has(String(f._id)) && !f.rehousing)
    .sort((a, b) => (b.application.situation?.urgency ?? 0) - (a.application.situation?.urgency ?? 0));
  for (const family of waiting) {
    const familyId = String(family._id);
    const { items } = await matching.candidates.forFamily(worker, familyId, { limit: 20, includeIneligible: false, lang: 'fr' });
    const offer = items.find((i) => i.offer.status === 'available' && !taken.offers.has(String(i.offer._id)) && i.offer.ownerUserId !== actors.host.id)?.offer;
    if (!offer) continue;
    const proposal = await matching.proposals.create(
      worker,
      { familyId, offerId: String(offer._id), message: 'Une solution rapide pour cette famille.' },
      'fr',
    );
    for (const party of ['host', 'family'] as const) await matching.proposals.respond(worker, String(proposal._id), { decision: 'accept', party });
    const start = addMonths(today, -3);
    const c = await followup.cohabitations.create(worker, {
      proposalId: String(proposal._id),
      startDate: start,
      agreement: {
        monthlyContribution: Math.min(300, family.application.needs?.maxMonthlyContribution ?? 300),
        servicesExchanged: [{ code: 'shopping', hoursPerWeek: 2 }],
        houseRules: 'Calme après 22 h.',
        trialDays: 28,
        noticeDays: 30,
      },
    });
    const id = String(c._id);
    for (const party of ['host', 'family'] as const) await followup.cohabitations.sign(worker, id, party);
    await followup.cohabitations.advanceTrials(addDays(start, 28));
    const notice = await followup.rehousing.giveNotice(
      worker,
      id,
      { date: addDays(today, -30), givenBy: 'host', reason: 'L’hôte accueille sa mère malade ; il a besoin de la chambre.' },
      today,
    );
    await followup.cohabitations.end(
      worker,
      id,
      {
        date: notice.notice!.plannedEnd!,
        reason: 'host_ended',
        exitNote: 'Départ avant la fin prévue, sans conflit. La famille doit être relogée.',
        referrals: 'Retour sur la liste d’attente, prioritaire.',
        fallbackHome: 'family_or_friends',
        fallbackNote: 'Chez la sœur du parent, pour quelques semaines au plus.',
      },
      today,
    );
    // Like followup-demo.ts's `retime`, dates only: the proposal was made a month before the start.
    const proposedAt = new Date(`${addDays(start, -30)}T09:00:00Z`);
    await mongoose.connection
      .collection('proposals')
      .updateOne({ _id: proposal._id }, { $set: { createdAt: proposedAt, expiresAt: new Date(proposedAt.getTime() + 14 * 86_400_000) } });
    await mongoose.connection.collection('cohabitations').updateOne({ _id: c._id }, { $set: { createdAt: new Date(`${addDays(start, -14)}T15:00:00Z`) } });
    return familyId;
  }
  return null;
}
