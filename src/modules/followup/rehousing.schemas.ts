// Forms and bodies of a careful ending (issue 18 part 5): the notice, the rehousing plan's fallback
// home, the contact a month after the exit. Unknown fields refused; errors name the field.
import { compileValidator } from '../../kernel/validation.js';

/** Where the family goes while it is rehoused. */
export const FALLBACK_HOMES = ['family_or_friends', 'shelter', 'violence_shelter', 'transit_housing', 'own_housing', 'other'] as const;
export const NOTICE_GIVERS = ['family', 'host', 'service'] as const;
export const EXIT_CONTACT_WHO = ['family', 'worker_visit', 'phone', 'partner'] as const;

export interface NoticeInput {
  date: string;
  givenBy: (typeof NOTICE_GIVERS)[number];
  reason?: string | null;
}
export const validateNotice = compileValidator<NoticeInput>({
  type: 'object',
  additionalProperties: false,
  required: ['date', 'givenBy'],
  properties: {
    date: { type: 'string', format: 'date' },
    givenBy: { type: 'string', enum: [...NOTICE_GIVERS] },
    reason: { type: 'string', maxLength: 2000, nullable: true },
  },
});

export interface ExitContactInput {
  date: string;
  who: (typeof EXIT_CONTACT_WHO)[number];
  note?: string | null;
}
export const validateExitContact = compileValidator<ExitContactInput>({
  type: 'object',
  additionalProperties: false,
  required: ['date', 'who'],
  properties: {
    date: { type: 'string', format: 'date' },
    who: { type: 'string', enum: [...EXIT_CONTACT_WHO] },
    note: { type: 'string', maxLength: 3000, nullable: true },
  },
});
