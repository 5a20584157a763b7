// The conformity module's only public door: dated rule sets, inspection visits and their outcome,
// recorded on offers through intake's service.
import type { AppModule, ModuleDeps } from '../../kernel/module.js';
import type { IntakeModule } from '../intake/index.js';
import { conformityApi } from './conformity.api.js';
import { conformityPages } from './conformity.pages.js';
import { InspectionService } from './inspection.service.js';

export interface ConformityModule extends AppModule {
  inspections: InspectionService;
}

export function createConformityModule(deps: ModuleDeps, intake: IntakeModule): ConformityModule {
  const inspections = new InspectionService(intake.offers, deps.outbox);
  return {
    name: 'conformity',
    api: conformityApi(inspections),
    pages: conformityPages(inspections, intake.offers),
    inspections,
    schedule(scheduler) {
      scheduler.every('conformity.expiries', 3600, () => inspections.checkExpiries());
      // Finishes reports and releases planning locks a crash interrupted.
      scheduler.every('conformity.reports.complete', 60, () => inspections.completeReports(), { atStart: true });
    },
  };
}

export { InspectionService } from './inspection.service.js';
