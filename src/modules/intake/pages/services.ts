import type { FamilyCaseworkService } from '../family-casework.service.js';
import type { FamilyService } from '../family.service.js';
import type { OfferService } from '../offer.service.js';

/** What intake's pages are given: the same services as the JSON API. */
export interface IntakeServices {
  families: FamilyService;
  casework: FamilyCaseworkService;
  offers: OfferService;
}
