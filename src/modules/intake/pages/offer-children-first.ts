// What the host's pages ask for the children first in matching (issue 18), optional in the JSON
// API so offers from before still load: each adult's sex (a survivor may need a home without an
// adult man), and whether the host accepts children who come and go and the other parent at the door.
import type { ErrorDetail } from '../../../kernel/errors.js';
import { ageOn } from '../../../kernel/housing-norms.js';
import { policyFor } from '../../../kernel/policy.js';
import type { OfferDraft } from '../offer.schemas.js';

export function childrenFirstProblems(app: OfferDraft, now = new Date()): ErrorDetail[] {
  const adultAge = policyFor(now).screening.adultFromAge;
  const problems: ErrorDetail[] = [];
  (app.host?.household ?? []).forEach((m, i) => {
    if (typeof m?.birthYear === 'number' && !m.sex && ageOn({ birthYear: m.birthYear }, now) >= adultAge)
      problems.push({ path: `/host/household/${i}/sex`, messageKey: 'intake.offerPages.errors.sexOfAdult' });
  });
  for (const name of ['acceptsVaryingHousehold', 'handoversAtHome'] as const)
    if (typeof app.children?.[name] !== 'boolean') problems.push({ path: `/children/${name}`, messageKey: 'validation.required' });
  return problems;
}
