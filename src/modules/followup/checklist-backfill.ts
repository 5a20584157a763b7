// Checklist items added after a cohabitation was created (issue 18: `local_network`, the services
// near the new home shown at move-in) are added to the cohabitations under way that lack them, at
// start and once a day. Idempotent and safe alongside ticks: each missing item is appended by one
// conditional update (only while no item of that code is there), so a second run, or two processes
// running it at once, add nothing more; items already there are never rewritten, and since the list
// is only appended to, every item keeps its place (ticks address an item by its place and its code).
import { adminChecklist, addDays, today } from './schedule.js';
import type { CohabitationRepository } from './cohabitation.repository.js';

/**
 * An item added late is due a week from the day it is added (or its own date, if later): a family in
 * its twelfth month is not shown an item that was "due" eleven months ago.
 */
export async function backfillChecklists(store: CohabitationRepository, day = today()): Promise<number> {
  let added = 0;
  for (const c of await store.inStatuses(['agreement', 'trial', 'active'])) {
    const present = new Set(c.checklist.map((i) => i.code));
    for (const item of adminChecklist(c.startDate)) {
      if (present.has(item.code)) continue;
      const dueOn = item.dueOn > addDays(day, 7) ? item.dueOn : addDays(day, 7);
      if (await store.appendChecklistItem(String(c._id), { ...item, dueOn })) added++;
    }
  }
  return added;
}
