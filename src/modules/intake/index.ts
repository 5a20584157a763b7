// The intake module's only public door. It owns families and offers and their statuses; the other
// modules read and change them only through the services exported here.
import { Router } from 'express';
import type { AppModule, ModuleDeps } from '../../kernel/module.js';
import { FamilyCaseworkService } from './family-casework.service.js';
import { FamilyService } from './family.service.js';
import { FamilyRehousingService } from './family-rehousing.service.js';
import { AccountLinkService } from './account-link.service.js';
import { labelIntakeAuditEntries } from './audit-labels.js';
import { intakeApi } from './intake.api.js';
import { OfferService } from './offer.service.js';
import { familyPages } from './pages/family.pages.js';
import { offerPages } from './pages/offer.pages.js';
import { workerPages } from './pages/worker.pages.js';
import { partnerUpdatesPages } from './pages/partner-updates.pages.js';
import { familyLinksPages } from './pages/family-links.pages.js';
import { accountLinkApi } from './account-link.api.js';

export interface IntakeModule extends AppModule {
  families: FamilyService;
  offers: OfferService;
  rehousing: FamilyRehousingService;
  casework: FamilyCaseworkService;
  accounts: AccountLinkService;
}

export function createIntakeModule(deps: ModuleDeps): IntakeModule {
  const families = new FamilyService();
  const offers = new OfferService();
  const casework = new FamilyCaseworkService(families);
  const rehousing = new FamilyRehousingService(families);
  const accounts = new AccountLinkService(families, offers);
  const services = { families, casework, offers, rehousing, accounts };
  labelIntakeAuditEntries();
  const pages = Router();
  pages.use(
    familyPages(services),
    partnerUpdatesPages(services),
    familyLinksPages(services),
    offerPages(services),
    workerPages(services, { retentionMonths: deps.config.privacy.retentionMonths }),
  );
  return {
    name: 'intake',
    api: Router().use(intakeApi(families, casework, offers), accountLinkApi(accounts)),
    pages,
    families,
    offers,
    rehousing,
    casework,
    accounts,
    schedule(scheduler) {
      // Stored bedroom counts follow the rule sets in force (a new rule set installed, an older rule's records).
      scheduler.every('intake.bedrooms.recompute', 24 * 3600, () => families.recomputeBedrooms(), { atStart: true });
    },
  };
}

export type { Actor } from './actor.js';
export { SYSTEM, isStaff } from './actor.js';
export type { CompleteFamily, FamilyRecord } from './family.model.js';
export type { CompleteOffer, OfferRecord } from './offer.model.js';
export { isCompleteFamily } from './family.rules.js';
export { inspectionValid, isCompleteOffer } from './offer.rules.js';
export type { ChildSchool, FamilyApplication } from './family.schemas.js';
export { schoolText } from './pages/child-school.js';
export type { OfferApplication } from './offer.schemas.js';
export type { InspectionOutcome } from './offer.service.js';
export { FamilyService } from './family.service.js';
export { FamilyRehousingService } from './family-rehousing.service.js';
export { AccountLinkService } from './account-link.service.js';
export { validateAccountLink, validatePartnerConsent, type PartnerConsentInput } from './family-links.schemas.js';
export { familyContact, hostContact, type HouseholdContact } from './household-contacts.js';
export { familySubject } from './family.sealed.js';
export { pseudonymiseFamily, pseudonymiseOffer, ERASED_NAME } from './pseudonymise.js';
export { scrubUnsealedCasework } from './family-casework.service.js';
export { renameRevisionAuthor } from './record-history.js';
export { familyForOwner } from './family.presenters.js';
export { offerForOwner } from './offer.presenters.js';
export { OfferService } from './offer.service.js';
export { RATED_BENEFIT_SOURCES, SERVICES } from './vocabulary.js';
export { benefitsDeclaration, benefitsWarning, type BenefitsWarning } from './benefits-warning.js';
export { benefitsRisks, type BenefitRisk, type BenefitRole, type DeclaredBenefits } from './benefits-risks.js';
export type { HostScreening, SuspensionCause } from './host-screening.service.js';
export type { Screening, ScreeningGap } from './screening.js';
export { gapParams, screeningOf } from './screening.js';
export type { FamilyCaseworkService } from './family-casework.service.js';
export { INTRODUCTION_OUTCOMES, ISOLATION_CRITERIA, NETWORK_KINDS, type IsolationCriterion } from './vocabulary.js';
export {
  isolationCriteriaSchema,
  networkContactsSchema,
  validateIntroduction,
  validateIntroductionOutcome,
  type IntroductionInput,
  type NetworkContact,
} from './casework.schemas.js';
export { countsByKind, isolationHistoryOf, networkHistoryOf, type NetworkSnapshot } from './family-network.js';
export { expectedVersion } from './http.js';
