// Why a record's status changed when the service itself changed it (not a person): stored as a code,
// optionally followed by ": " and a person's own words (a cancelled visit's reason), and shown in the
// reader's language (catalogue `reasons.<code>`). Reasons a person wrote are shown as written.
import type { Language } from '../config.js';
import { t } from './index.js';

export const SYSTEM_REASONS = [
  'erased',
  'record_check',
  'safety_ending',
  'violence_incident',
  'non_conform',
  'inspection_expired',
  'remarks_unresolved',
  'visit_planned',
  'visit_cancelled',
  'agreement_signed',
  'proposal_made',
  'proposal_accepted',
  'proposal_declined',
  'proposal_cancelled',
  'proposal_expired',
  'cohabitation_ended',
] as const;
export type SystemReason = (typeof SYSTEM_REASONS)[number];

const CODED = /^([a-z_]+)(?:: ([\s\S]+))?$/;

/** The stored form of a reason the service gives, with a person's words after it if any. */
export function systemReason(code: SystemReason, words?: string | null): string {
  return words?.trim() ? `${code}: ${words.trim()}` : code;
}

/** A stored reason as the reader reads it: a service's code in words, a person's words as written. */
export function reasonText(lang: Language, reason: string | null | undefined): string | null {
  if (!reason) return null;
  const coded = CODED.exec(reason);
  const code = coded?.[1] as SystemReason | undefined;
  if (!code || !(SYSTEM_REASONS as readonly string[]).includes(code)) return reason;
  const label = t(lang, `reasons.${code}`);
  return coded![2] ? t(lang, 'reasons.withWords', { reason: label, words: coded![2] }) : label;
}
