import { compileValidator } from '../../kernel/validation.js';

export interface ScheduleInput {
  scheduledAt: string;
  note?: string | null;
}
export const validateSchedule = compileValidator<ScheduleInput>({
  type: 'object',
  additionalProperties: false,
  required: ['scheduledAt'],
  properties: { scheduledAt: { type: 'string', format: 'date-time' }, note: { type: 'string', maxLength: 1000, nullable: true } },
});

export interface CancelInput {
  reason: string;
}
export const validateCancel = compileValidator<CancelInput>({
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: { type: 'string', minLength: 1, maxLength: 1000, pattern: '\\S' } },
});

export type ItemResult = 'pass' | 'fail' | 'na';

export interface ReportInput {
  performedAt: string;
  /** `scope`: for ventilation and daylight, whether a failure concerns the family's rooms (the default) or only others. */
  items: { code: string; result: ItemResult; note?: string | null; scope?: 'family_rooms' | 'other_rooms' | null }[];
  rooms: { kind: string; surfaceM2: number; ceilingHeightM?: number | null }[];
  dwellingSurfaceM2: number;
  /** The smoke detectors counted at the visit, for the requirements that depend on their number. */
  smokeDetectors?: { count: number; interconnected: boolean } | null;
}
export const validateReport = compileValidator<ReportInput>({
  type: 'object',
  additionalProperties: false,
  required: ['performedAt', 'items', 'rooms', 'dwellingSurfaceM2'],
  properties: {
    performedAt: {
      type: 'string',
      anyOf: [
        { type: 'string', format: 'date-time' },
        { type: 'string', format: 'date' },
      ],
    },
    items: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'result'],
        properties: {
          code: { type: 'string', maxLength: 20 },
          result: { type: 'string', enum: ['pass', 'fail', 'na'] },
          note: { type: 'string', maxLength: 2000, nullable: true },
          scope: { type: 'string', enum: ['family_rooms', 'other_rooms'], nullable: true },
        },
      },
    },
    rooms: {
      type: 'array',
      maxItems: 30,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'surfaceM2'],
        properties: {
          kind: { type: 'string', enum: ['bedroom', 'living', 'kitchen', 'bathroom', 'office', 'other'] },
          surfaceM2: { type: 'number', exclusiveMinimum: 0, maximum: 1000 },
          ceilingHeightM: { type: 'number', minimum: 1.5, maximum: 6, nullable: true },
        },
      },
    },
    dwellingSurfaceM2: { type: 'number', exclusiveMinimum: 0, maximum: 1000 },
    smokeDetectors: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['count', 'interconnected'],
      properties: { count: { type: 'integer', minimum: 0, maximum: 50 }, interconnected: { type: 'boolean' } },
    },
  },
});
