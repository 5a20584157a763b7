// Allowed status changes (SPEC §3). Every change goes through the services, which record who, when and why.
import { ConflictError } from '../../kernel/errors.js';
import type { FamilyStatus, OfferStatus } from './vocabulary.js';

export const FAMILY_TRANSITIONS: Record<FamilyStatus, readonly FamilyStatus[]> = {
  draft: ['submitted', 'closed'],
  submitted: ['active', 'on_hold', 'rejected', 'closed'],
  // Back to submitted when the parent changes what sets the priority (FamilyService.update).
  active: ['proposed', 'submitted', 'on_hold', 'rejected', 'closed'],
  proposed: ['active', 'matched', 'on_hold'],
  matched: ['housed', 'active'],
  housed: ['closed', 'active'],
  on_hold: ['active', 'rejected', 'closed'],
  rejected: ['active'],
  closed: ['active'],
};

/** A worker's review of an application, and the statuses each decision is taken from. */
export type ReviewDecision = 'activate' | 'hold' | 'reject';
export const REVIEW_FROM: Record<ReviewDecision, readonly FamilyStatus[]> = {
  activate: ['submitted', 'on_hold', 'rejected', 'closed'],
  hold: ['submitted', 'active'],
  reject: ['submitted', 'on_hold', 'active'],
};

export const OFFER_TRANSITIONS: Record<OfferStatus, readonly OfferStatus[]> = {
  draft: ['submitted', 'closed'],
  submitted: ['inspection', 'paused', 'suspended', 'closed'],
  inspection: ['available', 'non_conform', 'submitted', 'paused', 'suspended', 'closed'],
  available: ['reserved', 'inspection', 'non_conform', 'paused', 'suspended', 'closed'],
  reserved: ['occupied', 'available', 'suspended', 'closed'],
  occupied: ['available', 'suspended', 'closed'],
  non_conform: ['inspection', 'paused', 'suspended', 'closed'],
  paused: ['submitted', 'available', 'inspection', 'suspended', 'closed'],
  // Left only by a coordinator's review (OfferService.reviewSuspension), never by a module's step.
  suspended: ['available', 'submitted', 'closed'],
  closed: [],
};

export function transitionRefused(from: string, to: string): ConflictError {
  return new ConflictError(
    'intake.lifecycle.notAllowed',
    [{ path: '/status', messageKey: 'intake.lifecycle.notAllowed', params: { from, to } }],
    'INVALID_TRANSITION',
  );
}

export function assertTransition<S extends string>(table: Record<S, readonly S[]>, from: S, to: S): void {
  if (!table[from]?.includes(to)) throw transitionRefused(from, to);
}

/**
 * One idempotent step of a multi-record transition (a proposal accepted, an agreement signed, a
 * cohabitation ended): moves a record to `to` only if it is in one of `from`, and says whether it
 * did. Run again after a crash, or by two people at once, it changes nothing more.
 */
export async function stepFrom<S extends string>(
  current: () => Promise<{ status: string }>,
  from: readonly S[],
  to: S,
  move: () => Promise<void>,
): Promise<boolean> {
  const { status } = await current();
  if (status === to || !from.includes(status as S)) return false;
  try {
    await move();
    return true;
  } catch (error) {
    // Moved meanwhile by the same step elsewhere: done.
    if ((error as { code?: string }).code === 'INVALID_TRANSITION' && (await current()).status === to) return false;
    throw error;
  }
}
