// The follow-up module's only public door: cohabitations from an accepted proposal to their end.
import { Router } from 'express';
import type { AppModule, ModuleDeps } from '../../kernel/module.js';
import type { IntakeModule } from '../intake/index.js';
import type { MatchingModule } from '../matching/index.js';
import { CohabitationService } from './cohabitation.service.js';
import { followupApi } from './followup.api.js';

export interface FollowupModule extends AppModule {
  cohabitations: CohabitationService;
}

export function createFollowupModule(deps: ModuleDeps, intake: IntakeModule, matching: MatchingModule): FollowupModule {
  const cohabitations = new CohabitationService(intake.families, intake.offers, matching.proposals, deps.outbox);
  return {
    name: 'followup',
    api: followupApi(cohabitations, intake.offers, matching.proposals),
    pages: Router(),
    cohabitations,
    schedule(scheduler) {
      scheduler.every('followup.trials', 3600, () => cohabitations.advanceTrials());
    },
  };
}
