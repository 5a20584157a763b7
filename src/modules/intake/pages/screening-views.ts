// What the offer page and the suspended-offers list show of a host's screening and suspension.
import type { Language } from '../../../kernel/config.js';
import { t } from '../../../kernel/i18n/index.js';
import { communeName } from '../../../kernel/region.js';
import type { OfferRecord } from '../offer.model.js';
import { inspectionValid } from '../offer.rules.js';
import { gapParams, screeningOf } from '../screening.js';
import { caseName } from './worker-views.js';

export function screeningView(doc: OfferRecord, lang: Language) {
  const screening = screeningOf(doc);
  const valid = inspectionValid(doc);
  return {
    complete: screening.complete,
    gaps: screening.missing.map((g) => t(lang, `intake.screening.gaps.${g.code}`, gapParams(g))),
    references: doc.references.map((r, index) => ({ ...r, index, unresolvedNegative: r.outcome === 'negative' && !r.resolution })).reverse(),
    suspension:
      doc.status === 'suspended' && doc.suspension ? { cause: doc.suspension.cause, at: doc.suspension.at, liftTo: valid ? 'available' : 'submitted' } : null,
    reviews: [...(doc.suspensionReviews ?? [])].reverse(),
  };
}

export function suspendedRow(doc: OfferRecord, lang: Language) {
  return {
    id: String(doc._id),
    name: caseName(doc, doc.application.host, lang),
    commune: doc.application.address?.commune ? communeName(doc.application.address.commune, lang) : '',
    cause: doc.suspension?.cause ?? null,
    at: doc.suspension?.at ?? null,
  };
}
