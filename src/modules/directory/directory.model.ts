// The local network directory (SPEC §9, issue 18 part 3): services by commune, or region-wide
// (helplines), kept by the coordinator. Reference data, not casework: nothing here is sealed.
import mongoose, { Schema } from 'mongoose';

export const DIRECTORY_KINDS = [
  'parent_meeting_place',
  'parent_house',
  'one_consultation',
  'pms_centre',
  'cpas',
  'family_planning',
  'homework_school',
  'legal_aid',
  'helpline',
] as const;
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];
export const DIRECTORY_LANGUAGES = ['fr', 'nl', 'en'] as const;

const text = new Schema({ name: { type: String, required: true }, description: { type: String, default: null } }, { _id: false });

const entrySchema = new Schema(
  {
    kind: { type: String, required: true, enum: DIRECTORY_KINDS },
    /** NIS code; null: region-wide (helplines). */
    commune: { type: String, default: null },
    /** fr required; nl and en optional (a reader of a missing language gets the French, marked). */
    names: { fr: { type: text, required: true }, nl: { type: text, default: null }, en: { type: text, default: null } },
    contact: { phone: String, address: String, website: String, email: String, hours: String },
    retiredAt: { type: Date, default: null },
    version: { type: Number, required: true, default: 0 },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
  },
  { timestamps: true, minimize: false },
);
entrySchema.index({ commune: 1, kind: 1 });

type Text = { name: string; description?: string | null };
/** An entry as stored (InferSchemaType would make the required nested paths optional). */
export interface DirectoryEntry {
  _id: mongoose.Types.ObjectId;
  kind: DirectoryKind;
  commune: string | null;
  names: { fr: Text; nl: Text | null; en: Text | null };
  contact: { phone?: string | null; address?: string | null; website?: string | null; email?: string | null; hours?: string | null } | null;
  retiredAt: Date | null;
  version: number;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}
export const DirectoryEntryModel = mongoose.model('DirectoryEntry', entrySchema, 'directory_entries');
