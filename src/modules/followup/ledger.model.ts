// The mutual-aid and cost-sharing ledger of one cohabitation (SPEC §7, §9, issue 18): one document
// per cohabitation (its id), holding the entries and, per ISO week, the minutes of service recorded,
// so the weekly hours limit is checked and the entry appended in one conditional update
// (docs/database.md §5). Amounts are kept in cents, hours in minutes: no float sums.
import mongoose, { Schema } from 'mongoose';

export const ENTRY_STATUSES = ['pending', 'confirmed', 'disputed', 'withdrawn'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];
export type Party = 'family' | 'host';
/** Who wrote or decided: a party itself, or a staff member for it. */
export type Writer = Party | 'staff';

export interface Decision {
  confirmed: boolean;
  reason: string | null;
  at: Date;
  by: string;
  as: Writer;
}

export interface LedgerEntry {
  id: string;
  kind: 'service' | 'cost';
  date: string;
  /** The household that gave the service or paid the cost. */
  by: Party;
  code?: string | null;
  minutes?: number | null;
  /** ISO week of a service (`2026-W49`): its minutes count in `weeks`. */
  week?: string | null;
  label?: string | null;
  amountCents?: number | null;
  split?: { familyCents: number; hostCents: number } | null;
  status: EntryStatus;
  recordedAt: Date;
  recordedBy: string;
  recordedAs: Writer;
  /** The other household's answer (or staff's for it). */
  decision?: Decision | null;
  /** Staff settling a disputed entry: kept (confirmed) or withdrawn. */
  settlement?: Decision | null;
}

export interface LedgerRecord {
  _id: string;
  familyId: string;
  entries: LedgerEntry[];
  weeks: Record<string, number>;
  createdAt?: Date;
}

const decision = new Schema({ confirmed: Boolean, reason: String, at: Date, by: String, as: String }, { _id: false });
const entry = new Schema(
  {
    id: String,
    kind: String,
    date: String,
    by: String,
    code: String,
    minutes: Number,
    week: String,
    label: String,
    amountCents: Number,
    split: { type: new Schema({ familyCents: Number, hostCents: Number }, { _id: false }), default: null },
    status: { type: String, enum: ENTRY_STATUSES },
    recordedAt: Date,
    recordedBy: String,
    recordedAs: String,
    decision: { type: decision, default: null },
    settlement: { type: decision, default: null },
  },
  { _id: false },
);
const ledgerSchema = new Schema(
  {
    _id: { type: String, required: true },
    familyId: { type: String, required: true },
    entries: { type: [entry], default: [] },
    weeks: { type: Schema.Types.Mixed, default: {} },
  },
  { timestamps: true, minimize: false, versionKey: false },
);

export const LedgerModel = mongoose.model('Ledger', ledgerSchema, 'ledgers');
