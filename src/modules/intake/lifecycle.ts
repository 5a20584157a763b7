// Allowed status changes (SPEC §3). Every change goes through the services, which record who, when and why.
import { ConflictError } from '../../kernel/errors.js';
import type { FamilyStatus, OfferStatus } from './vocabulary.js';

export const FAMILY_TRANSITIONS: Record<FamilyStatus, readonly FamilyStatus[]> = {
  draft: ['submitted', 'closed'],
  submitted: ['active', 'on_hold', 'rejected', 'closed'],
  active: ['proposed', 'on_hold', 'rejected', 'closed'],
  proposed: ['active', 'matched', 'on_hold'],
  matched: ['housed', 'active'],
  housed: ['closed', 'active'],
  on_hold: ['active', 'rejected', 'closed'],
  rejected: ['active'],
  closed: ['active'],
};

export const OFFER_TRANSITIONS: Record<OfferStatus, readonly OfferStatus[]> = {
  draft: ['submitted', 'closed'],
  submitted: ['inspection', 'paused', 'closed'],
  inspection: ['available', 'non_conform', 'submitted', 'paused', 'closed'],
  available: ['reserved', 'inspection', 'non_conform', 'paused', 'closed'],
  reserved: ['occupied', 'available', 'closed'],
  occupied: ['available', 'closed'],
  non_conform: ['inspection', 'paused', 'closed'],
  paused: ['submitted', 'available', 'inspection', 'closed'],
  closed: [],
};

export function transitionRefused(from: string, to: string): ConflictError {
  return new ConflictError('intake.lifecycle.notAllowed', [{ path: '/status', messageKey: 'intake.lifecycle.notAllowed', params: { from, to } }], 'INVALID_TRANSITION');
}

export function assertTransition<S extends string>(table: Record<S, readonly S[]>, from: S, to: S): void {
  if (!table[from]?.includes(to)) throw transitionRefused(from, to);
}
