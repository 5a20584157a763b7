// What a submission needs beyond a complete application (SPEC §11): the benefits warning read
// (BENEFITS_WARNING_NOT_ACKNOWLEDGED), a partner's referral with the family's consent
// (REFERRAL_CONSENT_MISSING), and dates that still mean something (DATE_OUT_OF_RANGE: the family's
// latest move-in date not in the past, an offer available from at most 30 days ago).
import { RuleViolation, type ErrorDetail, type RuleCode } from '../../kernel/errors.js';

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function assertSubmissionRules(
  input: { acknowledged: boolean; referralConsent: boolean | null; latestDate: { path: string; day: string | undefined; notBefore: number } | null },
  today = new Date().toISOString().slice(0, 10),
): void {
  const broken: { code: RuleCode; detail: ErrorDetail }[] = [];
  if (input.referralConsent === false)
    broken.push({ code: 'REFERRAL_CONSENT_MISSING', detail: { path: '/referral/familyConsent', messageKey: 'rules.REFERRAL_CONSENT_MISSING' } });
  if (!input.acknowledged)
    broken.push({
      code: 'BENEFITS_WARNING_NOT_ACKNOWLEDGED',
      detail: { path: '/acknowledgeBenefitsWarning', messageKey: 'rules.BENEFITS_WARNING_NOT_ACKNOWLEDGED' },
    });
  const { path, day, notBefore } = input.latestDate ?? { path: '', day: undefined, notBefore: 0 };
  const earliest = addDays(today, notBefore);
  if (day && day < earliest)
    broken.push({
      code: 'DATE_OUT_OF_RANGE',
      detail: { path, messageKey: notBefore === 0 ? 'intake.rules.dateInPast' : 'intake.rules.dateTooFarPast', params: { days: -notBefore, date: earliest } },
    });
  if (broken.length)
    throw new RuleViolation(
      422,
      broken[0]!.code,
      broken.map((b) => b.detail),
    );
}
