// The privacy module's only public door (GDPR: export, erasure, retention). It reaches into every
// stage through their public services, and nothing depends on it.
import { Router } from 'express';
import type { AccountsService } from '../../kernel/auth/accounts.service.js';
import type { AppModule, ModuleDeps } from '../../kernel/module.js';
import type { FollowupModule } from '../followup/index.js';
import type { IntakeModule } from '../intake/index.js';
import type { MatchingModule } from '../matching/index.js';
import { ErasureService } from './erasure.service.js';
import { ExportService } from './export.service.js';
import { privacyApi } from './privacy.api.js';
import { privacyPages } from './privacy.pages.js';
import { applyRetention } from './retention.js';

export interface PrivacyModule extends AppModule {
  erasure: ErasureService;
  exports: ExportService;
  retention(now?: Date): ReturnType<typeof applyRetention>;
}

export function createPrivacyModule(
  deps: ModuleDeps,
  accounts: AccountsService,
  intake: IntakeModule,
  matching: MatchingModule,
  followup: FollowupModule,
): PrivacyModule {
  const erasure = new ErasureService(accounts, intake.families, intake.offers, matching.proposals, followup.cohabitations);
  const exports = new ExportService(accounts, intake.families, intake.offers, matching.proposals);
  const retention = (now = new Date()) =>
    applyRetention({ erasure, families: intake.families, offers: intake.offers, logger: deps.logger }, deps.config.privacy.retentionMonths, now);
  return {
    name: 'privacy',
    api: privacyApi(exports, erasure),
    pages: Router().use(privacyPages({ exports, erasure, accounts, outbox: deps.outbox, retentionMonths: deps.config.privacy.retentionMonths })),
    erasure,
    exports,
    retention,
    schedule(scheduler) {
      scheduler.every('privacy.retention', deps.config.privacy.retentionRunHours * 3600, () => retention());
    },
  };
}
