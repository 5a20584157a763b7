// What erasure keeps, and why (GDPR Art. 17(3)): said in the API's answer, the coordinator's page
// and the privacy page, from this one list. Labels in the catalogues under privacy.retained.<key>.
export const RETAINED = [
  // Who did what, by account id only, never values: security and accountability (Art. 5(2), 32).
  'auditLog',
  // The agreement and its signature dates: evidence for the benefits authorities and legal claims (Art. 17(3)(b), (e)).
  'agreement',
  // Statuses, dates, communes, household size, scores: statistics without a name (Art. 89).
  'statistics',
] as const;
export type RetainedKey = (typeof RETAINED)[number];
