// The worker's agreement form (SPEC §7): services exchanged as hours a week per service, and the
// form pre-filled from what the service already knows — the host's rent and charges, house rules,
// the services the host wants that the family offers, the policy's duration, trial and notice.
import { AppError, ValidationError } from '../../kernel/errors.js';
import { policyFor } from '../../kernel/policy.js';
import { SERVICES, type FamilyRecord, type OfferRecord } from '../intake/index.js';

/** A service as the form sent it, before the schema: hours that are not a number stay text, so the schema names the field. */
export interface ServiceFromForm {
  code: string;
  hoursPerWeek: number | string;
}

/** `agreement[services][babysitting]=2` → `[{code:'babysitting', hoursPerWeek:2}]`; empty fields are no service. */
export function servicesFromForm(value: unknown): ServiceFromForm[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([code, hours]) => {
    const text = typeof hours === 'string' ? hours.trim().replace(',', '.') : '';
    if (!text) return [];
    return [{ code, hoursPerWeek: /^\d+(\.\d+)?$/.test(text) ? Number(text) : text }];
  });
}

const FIELDS: ReadonlySet<string> = new Set(SERVICES);

/**
 * Runs `call` (the schema, then the service) with its errors on `/agreement/servicesExchanged/<i>/…`
 * moved to the hours field of that service (`agreement-services-<code>`); a code the form has no
 * field for (personal care, sent by hand) goes to the services group itself.
 */
export async function servicesOnFields<T>(services: { code: string }[], call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof AppError) || !error.details.some((d) => d.path.startsWith('/agreement/servicesExchanged/'))) throw error;
    const details = error.details.map((d) => {
      const code = services[Number(/^\/agreement\/servicesExchanged\/(\d+)/.exec(d.path)?.[1] ?? NaN)]?.code;
      if (!code) return d;
      return { ...d, path: FIELDS.has(code) ? `/agreement/services/${code}` : '/agreement/servicesExchanged' };
    });
    if (error instanceof ValidationError) throw new ValidationError(details);
    throw Object.assign(Object.create(Object.getPrototypeOf(error) as object), error, { details });
  }
}

/** The error summary's labels: each field's id → its label, in the reader's language. */
export function agreementLabels(t: (key: string) => string): Record<string, string> {
  const p = 'followup.pages.new.';
  const fields = {
    startDate: 'startDate',
    'agreement-monthlyContribution': 'contribution',
    'agreement-servicesExchanged': 'services',
    'agreement-durationMonths': 'durationMonths',
    'agreement-houseRules': 'houseRules',
    'agreement-sharedSpacesSchedule': 'schedule',
    'agreement-trialDays': 'trialDays',
    'agreement-noticeDays': 'noticeDays',
  };
  return {
    ...Object.fromEntries(Object.entries(fields).map(([id, key]) => [id, t(p + key)])),
    ...Object.fromEntries(SERVICES.map((code) => [`agreement-services-${code}`, t(`intake.vocab.services.${code}`)])),
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
