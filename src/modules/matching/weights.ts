// Scoring weights (SPEC §5): defaults, editable by a coordinator, nine non-negative integers summing to 100.
import mongoose, { Schema } from 'mongoose';
import { ValidationError } from '../../kernel/errors.js';
import { compileValidator } from '../../kernel/validation.js';
import { CRITERIA, DEFAULT_WEIGHTS, withSchoolWeight, type Weights, type WeightsBeforeSchool } from './engine/criteria.js';

const weight = { type: 'integer', minimum: 0, maximum: 100 } as const;
const validateShape = compileValidator<Weights>({
  type: 'object',
  additionalProperties: false,
  required: [...CRITERIA],
  properties: {
    space: weight,
    budget: weight,
    location: weight,
    timing: weight,
    children: weight,
    lifestyle: weight,
    language: weight,
    services: weight,
    school: weight,
  },
});

export function validateWeights(body: unknown): Weights {
  const weights = validateShape(body);
  const sum = CRITERIA.reduce((s, k) => s + weights[k], 0);
  if (sum !== 100) throw new ValidationError([{ path: '/', messageKey: 'matching.weights.sum', params: { sum } }]);
  return weights;
}

const settingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    weights: { type: Object, required: true },
    updatedBy: { type: String, default: null },
    updatedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
const SettingsModel = mongoose.model('MatchingSettings', settingsSchema, 'matching_settings');

export async function currentWeights(): Promise<Weights> {
  const doc = await SettingsModel.findById('weights').lean<{ weights: Weights }>();
  if (!doc) return DEFAULT_WEIGHTS;
  // Stored before the `school` criterion: its default share is taken from the others (SPEC §5), the sum stays 100.
  if (typeof doc.weights.school !== 'number') return withSchoolWeight({ ...DEFAULT_WEIGHTS, ...(doc.weights as Partial<WeightsBeforeSchool>) });
  return { ...DEFAULT_WEIGHTS, ...doc.weights };
}

export async function saveWeights(weights: Weights, actorId: string): Promise<void> {
  await SettingsModel.updateOne({ _id: 'weights' }, { $set: { weights, updatedBy: actorId, updatedAt: new Date() } }, { upsert: true });
}
