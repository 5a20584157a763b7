// Cohabitations created before the `local_network` checklist item existed (issue 18) get it from the
// startup step (checklist-backfill.ts), appended without touching what was ticked; a second run, or
// two at once, add nothing more; the family can tick it afterwards.
import { expect } from 'chai';
import { CohabitationModel } from '../src/modules/followup/cohabitation.model.js';
import { CohabitationRepository } from '../src/modules/followup/cohabitation.repository.js';
import { addDays, today } from '../src/modules/followup/schedule.js';
import { apiSend, useTestApp } from './helpers/test-app.js';
import { livedCase } from './helpers/lived-case.js';
import { bothArriveFirst } from './helpers/barrier.js';

describe('checklist items added since a cohabitation began', () => {
  const ctx = useTestApp();
  const followup = () => ctx.app.named.followup;

  /** A cohabitation stored as before the item existed: no `local_network`, two items ticked. */
  async function oldDocument() {
    const lived = await livedCase(ctx);
    const id = lived.cohabitationId;
    const start = (await CohabitationModel.findById(id).lean())!.startDate!;
    await apiSend(lived.parent, 'put', `/cohabitations/${id}/checklist/domiciliation`, { done: true, date: addDays(start, 2) }).expect(200);
    await apiSend(lived.host, 'put', `/cohabitations/${id}/checklist/insurance`, { done: true, date: addDays(start, 3) }).expect(200);
    await CohabitationModel.updateOne({ _id: id }, { $pull: { checklist: { code: 'local_network' } } });
    const before = (await CohabitationModel.findById(id).lean())!.checklist;
    expect(before.map((i) => i.code)).to.not.include('local_network');
    return { lived, id, before };
  }

  it('adds the missing item to an old document, keeping every tick and every item in its place; a second run adds nothing', async () => {
    const { lived, id, before } = await oldDocument();
    expect(await followup().cohabitations.backfillChecklists()).to.be.at.least(1);
    const after = (await CohabitationModel.findById(id).lean())!.checklist;
    expect(after.slice(0, before.length)).to.deep.equal(before);
    const added = after.filter((i) => i.code === 'local_network');
    expect(added).to.have.length(1);
    expect(added[0]).to.include({ concerns: 'family', dueOn: addDays(today(), 7) });
    expect(added[0]!.doneAt ?? null).to.equal(null);

    expect(await followup().cohabitations.backfillChecklists()).to.equal(0);
    expect((await CohabitationModel.findById(id).lean())!.checklist).to.deep.equal(after);
    // The family ticks it like any other item.
    await apiSend(lived.parent, 'put', `/cohabitations/${id}/checklist/local_network`, { done: true }).expect(200);
    const ticked = (await CohabitationModel.findById(id).lean())!.checklist;
    expect(ticked.find((i) => i.code === 'local_network')!.doneBy).to.equal(lived.parent.id);
    expect(ticked.find((i) => i.code === 'domiciliation')).to.deep.equal(before.find((i) => i.code === 'domiciliation'));
  });

  it('two runs at once (both read the item missing first): one item', async () => {
    const { id } = await oldDocument();
    await bothArriveFirst(
      CohabitationRepository.prototype,
      'appendChecklistItem',
      () => Promise.all([followup().cohabitations.backfillChecklists(), followup().cohabitations.backfillChecklists()]),
      (args) => args[0] === id,
    );
    expect((await CohabitationModel.findById(id).lean())!.checklist.filter((i) => i.code === 'local_network')).to.have.length(1);
  });

  it('leaves ended cohabitations as they ended', async () => {
    const lived = await livedCase(ctx, { end: true });
    await CohabitationModel.updateOne({ _id: lived.cohabitationId }, { $pull: { checklist: { code: 'local_network' } } });
    await followup().cohabitations.backfillChecklists();
    expect((await CohabitationModel.findById(lived.cohabitationId).lean())!.checklist.map((i) => i.code)).to.not.include('local_network');
  });
});
