// The service's rules on a cohabitation (SPEC §7, §11), pure: the agreement's money and services
// against the service policy and the family's own maximum, the dates of what is recorded against
// the cohabitation's start and today, and which check-ins must alert. Each answers the code of §11
// with a sentence per field, so the API and the page's error summary say the same.
import { RuleViolation, ValidationError, type ErrorDetail, type RuleCode } from '../../kernel/errors.js';
import { policyFor, type ServicePolicy } from '../../kernel/policy.js';
import type { CheckinInput, CreateInput } from './followup.schemas.js';
import { addDays } from './schedule.js';

const eur = (n: number) => `${n} €`;

/** Every problem of the agreement at once; the code is the first rule broken (SPEC §11 order). */
export function assertAgreement(agreement: CreateInput['agreement'], familyMax: number | null, policy: ServicePolicy = policyFor()): void {
  const broken: { code: RuleCode; detail: ErrorDetail }[] = [];
  const amount = agreement.monthlyContribution;
  if (amount > policy.contributionCapEur)
    broken.push({
      code: 'CONTRIBUTION_OVER_CAP',
      detail: {
        path: '/agreement/monthlyContribution',
        messageKey: 'rules.CONTRIBUTION_OVER_CAP',
        params: { amount: eur(amount), cap: eur(policy.contributionCapEur) },
      },
    });
  if (familyMax !== null && amount > familyMax)
    broken.push({
      code: 'CONTRIBUTION_OVER_FAMILY_MAX',
      detail: {
        path: '/agreement/monthlyContribution',
        messageKey: 'rules.CONTRIBUTION_OVER_FAMILY_MAX',
        params: { amount: eur(amount), max: eur(familyMax) },
      },
    });
  const services = agreement.servicesExchanged;
  services.forEach((s, i) => {
    if (policy.services.notExchangeable.includes(s.code))
      broken.push({ code: 'SERVICES_OVER_LIMIT', detail: { path: `/agreement/servicesExchanged/${i}/code`, messageKey: 'followup.rules.notExchangeable' } });
  });
  // The total is the problem: it is shown on the service where the hours run over the limit.
  let hours = 0;
  let over = -1;
  services.forEach((s, i) => {
    hours += s.hoursPerWeek;
    if (over < 0 && hours > policy.services.maxHoursPerWeek) over = i;
  });
  if (over >= 0)
    broken.push({
      code: 'SERVICES_OVER_LIMIT',
      detail: {
        path: `/agreement/servicesExchanged/${over}/hoursPerWeek`,
        messageKey: 'followup.rules.tooManyHours',
        params: { hours, max: policy.services.maxHoursPerWeek },
      },
    });
  const short = (agreement.durationMonths ?? policy.minimumCommitmentMonths) < policy.minimumCommitmentMonths;
  const duration: ErrorDetail[] = short
    ? [{ path: '/agreement/durationMonths', messageKey: 'followup.rules.durationTooShort', params: { months: policy.minimumCommitmentMonths } }]
    : [];
  if (broken.length === 0) {
    if (short) throw new ValidationError(duration);
    return;
  }
  throw new RuleViolation(422, broken[0]!.code, [...broken.map((b) => b.detail), ...duration], {
    hours: policy.services.maxHoursPerWeek,
    amount: eur(amount),
    cap: eur(policy.contributionCapEur),
    max: eur(familyMax ?? 0),
  });
}

/**
 * A check-in, incident or mediation happened between the start and today; an ending (which may
 * be planned ahead) is not before the start nor more than the notice period in the past.
 */
export function assertDate(date: string, range: { start: string; today: string; noticeDays?: number; futureAllowed?: boolean }): void {
  const problem: { key: string; params: Record<string, string | number> } | null =
    date > range.today && !range.futureAllowed
      ? { key: 'followup.rules.dateInFuture', params: {} }
      : date < range.start
        ? { key: 'followup.rules.dateBeforeStart', params: { start: range.start } }
        : range.noticeDays !== undefined && date < addDays(range.today, -range.noticeDays)
          ? { key: 'followup.rules.endTooFarPast', params: { days: range.noticeDays } }
          : null;
  if (problem) throw new RuleViolation(422, 'DATE_OUT_OF_RANGE', [{ path: '/date', messageKey: problem.key, params: problem.params }]);
}

/** A check-in that alerts like a severe incident (SPEC §7): conflict level 3, or anyone's wellbeing at 1. */
export function isAlarming(checkin: Pick<CheckinInput, 'conflictLevel' | 'wellbeing'>, policy: ServicePolicy = policyFor()): boolean {
  const { family, host, children } = checkin.wellbeing;
  return checkin.conflictLevel >= policy.checkinAlert.conflictLevelAtLeast || Math.min(family, host, children) <= policy.checkinAlert.wellbeingAtMost;
}

/**
 * A check-in's isolation score (SPEC §4: criteria-based): the count of the criteria given; a bare
 * score is still taken from older clients, but given with criteria it must be their count (422).
 */
export function checkinIsolationScore(checkin: Pick<CheckinInput, 'isolationScore' | 'isolationCriteria'>): number | null {
  const criteria = checkin.isolationCriteria;
  if (!criteria) return checkin.isolationScore ?? null;
  if (checkin.isolationScore != null && checkin.isolationScore !== criteria.length)
    throw new ValidationError([
      { path: '/isolationScore', messageKey: 'followup.network.scoreNotCount', params: { score: checkin.isolationScore, count: criteria.length } },
    ]);
  return criteria.length;
}
