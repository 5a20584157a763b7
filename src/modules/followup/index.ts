// The follow-up module's only public door: cohabitations from an accepted proposal to their end.
import { endingPages } from './ending.pages.js';
import { benefitsCheckPages } from './benefits-check.pages.js';
import { Router } from 'express';
import type { AppModule, ModuleDeps } from '../../kernel/module.js';
import type { IntakeModule } from '../intake/index.js';
import type { MatchingModule } from '../matching/index.js';
import type { DirectoryModule } from '../directory/index.js';
import { networkApi } from './network.api.js';
import { networkPages } from './network.pages.js';
import { servicesNear } from './network-near.js';
import { CohabitationService } from './cohabitation.service.js';
import { dashboardPages } from './dashboard.pages.js';
import { followupApi } from './followup.api.js';
import { followupCaseworkApi } from './casework.api.js';
import { followupPages } from './followup.pages.js';
import { checklistPages } from './checklist.pages.js';
import { sendHouseholdReminders } from './party-reminders.js';
import { today } from './schedule.js';
import { StatsService } from './stats.service.js';
import { statsApi } from './stats.api.js';
import { CohabitationRepository } from './cohabitation.repository.js';
import { RehousingService } from './rehousing.service.js';
import { rehousingApi } from './rehousing.api.js';
import { rehousingPages } from './rehousing.pages.js';
import { ledgerApi } from './ledger.api.js';
import { LedgerService } from './ledger.service.js';
import { ledgerPages } from './ledger.pages.js';

export interface FollowupModule extends AppModule {
  cohabitations: CohabitationService;
  rehousing: RehousingService;
}

export function createFollowupModule(deps: ModuleDeps, intake: IntakeModule, matching: MatchingModule, directory: DirectoryModule): FollowupModule {
  const cohabitations = new CohabitationService(intake.families, intake.offers, matching.proposals, deps.outbox, intake.casework, (id) =>
    directory.directory.isCurrent(id),
  );
  const rehousing = new RehousingService(cohabitations, new CohabitationRepository());
  const ledgers = new LedgerService(cohabitations, intake.families, intake.offers);
  const stats = new StatsService(cohabitations, intake.families, intake.offers, matching.proposals);
  return {
    name: 'followup',
    api: Router().use(
      followupApi(cohabitations, intake.offers, matching.proposals),
      followupCaseworkApi(cohabitations),
      statsApi(stats),
      rehousingApi(cohabitations, rehousing, intake.rehousing),
      networkApi(intake.casework, directory.directory),
      ledgerApi(ledgers),
    ),
    pages: Router().use(
      dashboardPages(stats),
      followupPages(cohabitations, matching.proposals, intake.families, intake.offers, deps.outbox, (offerId, lang) =>
        servicesNear(intake.offers, directory.directory, offerId, lang),
      ),
      endingPages(cohabitations),
      benefitsCheckPages(cohabitations, matching.proposals, intake.families, intake.offers),
      checklistPages(cohabitations),
      rehousingPages(rehousing),
      networkPages(cohabitations, intake.families, intake.offers, intake.casework, directory.directory),
      ledgerPages(ledgers, intake.families, intake.offers),
    ),
    cohabitations,
    rehousing,
    schedule(scheduler) {
      scheduler.every('followup.trials', 3600, () => cohabitations.advanceTrials());
      // Finishes multi-record transitions a crash interrupted (signatures → trial, endings).
      scheduler.every('followup.transitions.complete', 60, () => cohabitations.completeTransitions(), { atStart: true });
      // Writes the family's part of check-ins a crash left pending (checkins.ts).
      // Checklist items added since older cohabitations began (local_network), without touching their ticks.
      scheduler.every('followup.checklist.backfill', 24 * 3600, () => cohabitations.backfillChecklists(), { atStart: true });
      scheduler.every('followup.checkins.complete', 60, () => cohabitations.completeCheckins(), { atStart: true });
      // Sends the staff alerts (alarming check-ins, severe incidents) a crash or an error left pending (safety-alerts.ts).
      scheduler.every('followup.alerts.pending', 60, () => cohabitations.sendPendingAlerts(), { atStart: true });
      scheduler.every('followup.reminders', 3600, () => cohabitations.sendCheckinReminders());
      const reminderDeps = { outbox: deps.outbox, families: intake.families, offers: intake.offers };
      scheduler.every('followup.householdReminders', 3600, () => sendHouseholdReminders(reminderDeps, () => cohabitations.alive(), today()), { atStart: true });
    },
  };
}

export type { CohabitationService } from './cohabitation.service.js';
export { cohabitationForParty } from './cohabitation.presenters.js';
export { cohabitationsOf } from './pages-data.js';
