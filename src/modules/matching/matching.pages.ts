// HTML pages of matching (SPEC §5): a family's ranked homes and an offer's ranked families with
// their reasons, two homes side by side, the plan with kept and set-aside pairs, and proposals —
// the worker's list and view, the parent's and host's view and answer. Same services as the API.
import { Router } from 'express';
import type { FamilyService, OfferService } from '../intake/index.js';
import type { CandidatesService } from './candidates.service.js';
import { matchPages } from './pages-matches.js';
import { planPages } from './pages-plan.js';
import { proposalPages } from './pages-proposals.js';
import { weightPages } from './pages-weights.js';
import type { ProposalService } from './proposal.service.js';

export interface MatchingPageServices {
  candidates: CandidatesService;
  proposals: ProposalService;
  families: FamilyService;
  offers: OfferService;
}

export function matchingPages(candidates: CandidatesService, proposals: ProposalService, families: FamilyService, offers: OfferService): Router {
  const pages = Router();
  const services: MatchingPageServices = { candidates, proposals, families, offers };
  matchPages(pages, services);
  planPages(pages, services);
  proposalPages(pages, services);
  weightPages(pages);
  return pages;
}
