// The closed lists of intake (SPEC §4). Labels live in the catalogues under intake.vocab.<list>.<value>.
export const CUSTODY = ['full', 'alternate', 'weekends', 'occasional'] as const;
export const SEXES = ['f', 'm', 'x'] as const;
export const SCHOOL_KINDS = ['school', 'creche'] as const;
export const SITUATIONS = ['homeless', 'shelter', 'family_or_friends', 'overcrowded', 'unsafe', 'eviction', 'other'] as const;
export const SCHEDULES = ['day', 'evening', 'night', 'variable'] as const;
export const BENEFIT_SOURCES = ['work', 'unemployment', 'cpas', 'disability', 'other'] as const;
/**
 * The rate a benefit is paid at (SPEC §6.3). A single parent living with a minor child is paid the
 * CPAS integration income and unemployment benefit at the "family dependants" rate.
 */
export const BENEFIT_STATUSES = ['family_dependants', 'isolated', 'cohabitant', 'unknown'] as const;
/** The host's own income (SPEC §6.3): older hosts often live on a pension, some on the pension income guarantee (GRAPA). */
export const HOST_BENEFIT_SOURCES = ['work', 'pension', 'grapa', 'unemployment', 'cpas', 'disability', 'none', 'other'] as const;
/** Benefits paid at a rate that depends on whom one lives with: their rate must be given. */
export const RATED_BENEFIT_SOURCES = ['unemployment', 'cpas', 'grapa', 'disability'] as const;
export const PETS = ['cat', 'dog', 'small_animal', 'bird', 'other'] as const;
export const SERVICES = [
  'babysitting',
  'cooking',
  'cleaning',
  'gardening',
  'shopping',
  'repairs',
  'company',
  'language_help',
  'computer_help',
  'pet_care',
  'other',
] as const;
export const DWELLING_TYPES = ['house', 'apartment', 'other'] as const;
export const ROOM_KINDS = ['bedroom', 'living', 'office', 'other'] as const;
export const SHARED_SPACES = ['kitchen', 'bathroom', 'living', 'garden', 'laundry'] as const;
export const RELATIONS = ['self', 'partner', 'child', 'parent', 'other'] as const;
export const TENURES = ['owner', 'tenant'] as const;
export const NETWORK_KINDS = ['family', 'friend', 'neighbour', 'professional', 'other'] as const;

export const FAMILY_STATUSES = ['draft', 'submitted', 'active', 'proposed', 'matched', 'housed', 'closed', 'on_hold', 'rejected'] as const;
export const OFFER_STATUSES = [
  'draft',
  'submitted',
  'inspection',
  'available',
  'reserved',
  'occupied',
  'closed',
  'non_conform',
  'paused',
  'suspended',
] as const;
export type FamilyStatus = (typeof FAMILY_STATUSES)[number];
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** Isolation score 0–4: one point per criterion met (SPEC §4), asked at intake and at each check-in. */
export const ISOLATION_CRITERIA = ['noFamilyOrFriendsHelp', 'noProfessionalSupport', 'fewSocialContacts', 'languageOrDigitalBarrier'] as const;
export type IsolationCriterion = (typeof ISOLATION_CRITERIA)[number];
/** What came of an introduction to a local service (family-network.ts). */
export const INTRODUCTION_OUTCOMES = ['used', 'not_yet', 'declined'] as const;
