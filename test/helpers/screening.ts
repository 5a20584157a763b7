// Host screening for tests (SPEC §11 HOST_SCREENING_INCOMPLETE): an offer is proposable only once
// its household is screened. `screenOffer` records what a worker would — two positive references
// and a clear model-2 extract for every adult, seen today — through intake's service.
import type { Actor, OfferService } from '../../src/modules/intake/index.js';

const SCREENER: Actor = { id: '000000000000000000000001', role: 'worker', name: 'Test worker' };

export async function screenOffer(offers: OfferService, offerId: string): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  for (const name of ['Référence A', 'Référence B'])
    await offers.screening.addReference(SCREENER, offerId, { name, relation: 'neighbour', outcome: 'positive' });
  const doc = await offers.load(offerId);
  const household = doc.application.host?.household ?? [];
  for (let i = 0; i < household.length; i++) {
    if (new Date().getUTCFullYear() - (household[i]!.birthYear ?? 0) >= 18)
      await offers.screening.recordCheck(SCREENER, offerId, { memberIndex: i, seenOn: today, result: 'clear' });
  }
}
