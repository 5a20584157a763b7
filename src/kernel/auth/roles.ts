export const ROLES = ['parent', 'host', 'partner', 'worker', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

/** Roles anyone may give themselves by registering. */
export const SELF_REGISTERED_ROLES = ['parent', 'host'] as const;
export type SelfRegisteredRole = (typeof SELF_REGISTERED_ROLES)[number];

/** Roles only a coordinator creates. */
export const STAFF_CREATED_ROLES = ['worker', 'coordinator', 'partner'] as const;
export type StaffCreatedRole = (typeof STAFF_CREATED_ROLES)[number];

export const STAFF: readonly Role[] = ['worker', 'coordinator'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
