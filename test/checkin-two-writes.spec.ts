// A check-in's two writes (issue 18): the check-in on the cohabitation, then its casework on the
// family (isolation record, network snapshot, introductions proposed in the form), keyed by the
// check-in's id. A crash between them is completed by posting the same check-in again or by the
// sweep, once; two simultaneous posts of the same check-in keep one check-in and one of each record.
import { expect } from 'chai';
import { CohabitationModel } from '../src/modules/followup/cohabitation.model.js';
import { CohabitationRepository } from '../src/modules/followup/cohabitation.repository.js';
import { FamilyCaseworkService } from '../src/modules/intake/family-casework.service.js';
import { apiSend, formToken, signedInAs, useTestApp, type SignedIn } from './helpers/test-app.js';
import { dayFromToday, livedCase, type LivedCase } from './helpers/lived-case.js';
import { Types } from 'mongoose';
import { offerBody } from './helpers/intake-fixtures.js';
import { bothArriveFirst } from './helpers/barrier.js';

/** The process dies after the check-in is stored, before the family's part (once). */
async function crashBeforeFamilyPart<T>(run: () => Promise<T>): Promise<T> {
  const original = FamilyCaseworkService.prototype.recordCheckin;
  FamilyCaseworkService.prototype.recordCheckin = async function () {
    throw new Error('crash between the two writes');
  };
  try {
    return await run();
  } finally {
    FamilyCaseworkService.prototype.recordCheckin = original;
  }
}

describe('a check-in and its casework on the family: once each, whatever happens between the two writes', () => {
  const ctx = useTestApp();
  let lived: LivedCase;
  let entryId: string;
  const followup = () => ctx.app.named.followup;
  const post = (s: SignedIn, body: object) => apiSend(s, 'post', `/cohabitations/${lived.cohabitationId}/checkins`, body);
  const checkin = (id: string) => ({
    checkinId: id,
    date: dayFromToday(-1),
    party: 'both',
    wellbeing: { family: 4, host: 4, children: 4 },
    conflictLevel: 0,
    isolationCriteria: ['fewSocialContacts'],
    network: { contacts: [{ kind: 'neighbour', name: 'Voisine' }] },
    introductions: [entryId],
  });
  /** How many records of this check-in the family has, per list. */
  async function onFamily(checkinId: string) {
    const f = (await lived.worker.agent.get(`/api/v1/families/${lived.familyId}`).expect(200)).body.casework;
    const count = (list: { checkinId?: string }[] | undefined) => (list ?? []).filter((r) => r.checkinId === checkinId).length;
    return { isolation: count(f.isolation), snapshots: count(f.networkHistory), introductions: count(f.introductions) };
  }
  const stored = async (checkinId: string) =>
    ((await CohabitationModel.findById(lived.cohabitationId).lean())!.checkins as { id?: string; familyPending?: boolean }[]).filter((k) => k.id === checkinId);

  before(async () => {
    lived = await livedCase(ctx);
    const coordinator = await signedInAs(ctx, 'coordinator');
    entryId = (
      await apiSend(coordinator, 'post', '/directory', {
        kind: 'parent_house',
        commune: offerBody().address.commune,
        names: { fr: { name: 'Maison des parents (démo)' } },
        contact: { phone: '02 000 00 12' },
      }).expect(201)
    ).body.id;
  });

  it('a crash after the check-in, then the same check-in posted again: one check-in, and the family part written once', async () => {
    const id = new Types.ObjectId().toHexString();
    await crashBeforeFamilyPart(() => post(lived.worker, checkin(id)).expect(500));
    expect(await stored(id)).to.have.length(1);
    expect((await stored(id))[0]!.familyPending).to.equal(true);
    expect(await onFamily(id)).to.deep.equal({ isolation: 0, snapshots: 0, introductions: 0 });
    await post(lived.worker, checkin(id)).expect(201);
    await post(lived.worker, checkin(id)).expect(201);
    expect(await stored(id)).to.have.length(1);
    expect((await stored(id))[0]!.familyPending).to.equal(false);
    expect(await onFamily(id)).to.deep.equal({ isolation: 1, snapshots: 1, introductions: 1 });
  });

  it('a crash after the check-in and no retry: the sweep writes the family part once, a second sweep nothing', async () => {
    const id = new Types.ObjectId().toHexString();
    await crashBeforeFamilyPart(() => post(lived.worker, checkin(id)).expect(500));
    expect(await followup().cohabitations.completeCheckins()).to.equal(1);
    expect(await followup().cohabitations.completeCheckins()).to.equal(0);
    expect(await onFamily(id)).to.deep.equal({ isolation: 1, snapshots: 1, introductions: 1 });
    const f = (await lived.worker.agent.get(`/api/v1/families/${lived.familyId}`).expect(200)).body.casework;
    // Written as the worker who recorded the check-in, not as "system".
    expect(f.networkHistory.find((s: { checkinId: string }) => s.checkinId === id).byName).to.not.equal('system');
  });

  it('the same check-in posted twice at the same instant (both read it absent first): one check-in, one of each record', async () => {
    const id = new Types.ObjectId().toHexString();
    const answers = await bothArriveFirst(CohabitationRepository.prototype, 'appendCheckinOnce', () =>
      Promise.all([post(lived.worker, checkin(id)), post(lived.worker, checkin(id))]),
    );
    expect(answers.map((r) => r.status)).to.deep.equal([201, 201]);
    expect(await stored(id)).to.have.length(1);
    expect(await onFamily(id)).to.deep.equal({ isolation: 1, snapshots: 1, introductions: 1 });
  });

  it('the sweep racing the retry on the family part (both read no record first): written once', async () => {
    const id = new Types.ObjectId().toHexString();
    await crashBeforeFamilyPart(() => post(lived.worker, checkin(id)).expect(500));
    const [answer] = await bothArriveFirst(FamilyCaseworkService.prototype, 'recordCheckin', () =>
      Promise.all([post(lived.worker, checkin(id)), followup().cohabitations.completeCheckins()]),
    );
    expect(answer!.status).to.equal(201);
    expect(await onFamily(id)).to.deep.equal({ isolation: 1, snapshots: 1, introductions: 1 });
  });

  it('refuses a service that is not in the directory (naming the field) and an id that is not one', async () => {
    const bad = await post(lived.worker, { ...checkin(new Types.ObjectId().toHexString()), introductions: ['0123456789abcdef01234567'] }).expect(422);
    expect(bad.body.error.details[0].path).to.equal('/introductions/0');
    await post(lived.worker, { ...checkin(new Types.ObjectId().toHexString()), introductions: ['not-an-id'] }).expect(422);
  });

  it('without JavaScript: the worker ticks the services proposed in the check-in form; the form posted twice records the check-in and each introduction once', async () => {
    const page = await lived.worker.agent.get(`/work/cohabitations/${lived.cohabitationId}`).expect(200);
    expect(page.text).to.contain('Maison des parents (démo)').and.contain('name="checkin[introductions][]"');
    const id = /name="checkin\[checkinId\]" value="([0-9a-f]{24})"/.exec(page.text)?.[1];
    expect(id, 'the form carries its check-in id').to.be.a('string');
    const form = {
      _csrf: formToken(page.text),
      'checkin[checkinId]': id,
      'checkin[date]': dayFromToday(0),
      'checkin[party]': 'both',
      'checkin[wellbeing][family]': '4',
      'checkin[wellbeing][host]': '4',
      'checkin[wellbeing][children]': '4',
      'checkin[conflictLevel]': '0',
      'checkin[isolationAsked]': 'true',
      'checkin[introductions][]': entryId,
    };
    for (let i = 0; i < 2; i++) await lived.worker.agent.post(`/work/cohabitations/${lived.cohabitationId}/checkins`).type('form').send(form).expect(303);
    expect(await stored(id!)).to.have.length(1);
    expect(await onFamily(id!)).to.deep.equal({ isolation: 1, snapshots: 0, introductions: 1 });
    const work = await lived.worker.agent.get(`/work/cohabitations/${lived.cohabitationId}/network`).expect(200);
    expect(work.text).to.contain('Maison des parents (démo)');
  });
});
