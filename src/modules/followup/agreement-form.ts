// The worker's agreement form (SPEC §7): services exchanged as hours a week per service, and the
// form pre-filled from what the service already knows — the host's contribution (within the cap
// and the family's maximum), house rules, the services the host wants that the family offers.
import { AppError, ValidationError } from '../../kernel/errors.js';
import { policyFor } from '../../kernel/policy.js';
import type { FamilyRecord, OfferRecord } from '../intake/index.js';
import type { ServiceExchanged } from './followup.schemas.js';

/** `agreement[services][babysitting]=2` → `[{code:'babysitting', hoursPerWeek:2}]`; empty fields are no service. */
export function servicesFromForm(value: unknown): ServiceExchanged[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([code, hours]) => {
    const text = typeof hours === 'string' ? hours.trim().replace(',', '.') : '';
    if (!text) return [];
    return [{ code, hoursPerWeek: /^\d+(\.\d+)?$/.test(text) ? Number(text) : (text as unknown as number) } as ServiceExchanged];
  });
}

/** Errors on `/agreement/servicesExchanged/<i>/…` shown on the hours field of that service (`agreement-services-<code>`). */
export function servicesErrorsOnFields(services: ServiceExchanged[]) {
  return (error: unknown): never => {
    if (error instanceof AppError && error.details.some((d) => d.path.startsWith('/agreement/servicesExchanged/'))) {
      const details = error.details.map((d) => {
        const m = /^\/agreement\/servicesExchanged\/(\d+)/.exec(d.path);
        return m && services[Number(m[1])] ? { ...d, path: `/agreement/services/${services[Number(m[1])]!.code}` } : d;
      });
      if (error instanceof ValidationError) throw new ValidationError(details);
      throw Object.assign(Object.create(Object.getPrototypeOf(error) as object), error, { details });
    }
    throw error;
  };
}

export function agreementDefaults(family: FamilyRecord, offer: OfferRecord) {
  const policy = policyFor();
  const contribution = offer.application.contribution;
  const asked = (contribution?.monthlyRent ?? 0) + (contribution?.monthlyCharges ?? 0);
  const wanted = new Set(contribution?.servicesWanted ?? []);
  const shared = (family.application.servicesOffered ?? []).filter((s) => wanted.has(s));
  return {
    monthlyContribution: asked ? String(asked) : '',
    houseRules: offer.application.houseRules ?? '',
    services: Object.fromEntries(shared.map((code) => [code, '1'])),
    durationMonths: String(Math.max(policy.minimumCommitmentMonths, family.application.needs?.minDurationMonths ?? 0)),
    trialDays: String(policy.agreement.trialDays),
    noticeDays: String(policy.agreement.noticeDays),
    capEur: policy.contributionCapEur,
    familyMax: family.application.needs?.maxMonthlyContribution ?? null,
  };
}
