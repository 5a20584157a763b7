// The duplicate warning (SPEC §4): other records sharing a normalised e-mail, phone, or name and
// birth year. For a whole page of records in one read, so the worker's queue costs one query.
import type { Model } from 'mongoose';
import { trusted } from '../../kernel/db/connection.js';

export interface Duplicate {
  id: string;
  status: string;
  matchedOn: string[];
}

type Keyed = { _id: unknown; duplicateKeys: string[] };

/** For each record, the others sharing one of its keys (at most 20 each). */
export async function duplicatesAmong(model: Model<never>, docs: Keyed[]): Promise<Duplicate[][]> {
  const keys = [...new Set(docs.flatMap((d) => d.duplicateKeys))];
  if (keys.length === 0) return docs.map(() => []);
  const others = await model.find({ duplicateKeys: trusted({ $in: keys }) } as never).select('status duplicateKeys').lean<(Keyed & { status: string })[]>();
  return docs.map((doc) =>
    others
      .filter((o) => String(o._id) !== String(doc._id) && o.duplicateKeys.some((k) => doc.duplicateKeys.includes(k)))
      .slice(0, 20)
      .map((o) => ({ id: String(o._id), status: o.status, matchedOn: o.duplicateKeys.filter((k) => doc.duplicateKeys.includes(k)).map((k) => k.split(':')[0]!) })),
  );
}
