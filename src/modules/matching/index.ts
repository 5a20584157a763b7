// The matching module's only public door: explained scores, the plan, proposals.
import type { AppModule, ModuleDeps } from '../../kernel/module.js';
import type { IntakeModule } from '../intake/index.js';
import { CandidatesService } from './candidates.service.js';
import { matchingApi } from './matching.api.js';
import { matchingPages } from './matching.pages.js';
import { ProposalService } from './proposal.service.js';

export interface MatchingModule extends AppModule {
  candidates: CandidatesService;
  proposals: ProposalService;
}

export function createMatchingModule(deps: ModuleDeps, intake: IntakeModule): MatchingModule {
  // The candidates read the taken sides lazily, once both services exist.
  const candidates = new CandidatesService(intake.families, intake.offers, () => proposals.taken());
  const proposals: ProposalService = new ProposalService(intake.families, intake.offers, candidates, deps.outbox, deps.events, deps.config.publicUrl);
  return {
    name: 'matching',
    api: matchingApi(candidates, proposals, intake.families, intake.offers),
    pages: matchingPages(candidates, proposals, intake.families, intake.offers),
    candidates,
    proposals,
    schedule(scheduler) {
      scheduler.every('matching.proposals.expire', 600, () => proposals.expireDue());
      // Finishes multi-record transitions a crash interrupted (proposed, accepted, settled).
      scheduler.every('matching.proposals.complete', 60, () => proposals.completeTransitions(), { atStart: true });
    },
  };
}

export type { ProposalRecord } from './proposal.model.js';
export { ProposalService } from './proposal.service.js';
export { presentProposal } from './proposal.presenters.js';
