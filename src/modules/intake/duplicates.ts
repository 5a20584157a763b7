// The duplicate warning (SPEC §4): other records sharing a normalised e-mail, phone, or name and
// birth year. For a whole page of records at once, over the in-process copy of the collection.

export interface Duplicate {
  id: string;
  status: string;
  matchedOn: string[];
}

type Keyed = { _id: unknown; duplicateKeys: string[] };

/** For each record, the others of `all` sharing one of its keys (at most 20 each). */
export function duplicatesAmong(all: (Keyed & { status: string })[], docs: Keyed[]): Duplicate[][] {
  const keys = new Set(docs.flatMap((d) => d.duplicateKeys));
  if (keys.size === 0) return docs.map(() => []);
  const others = all.filter((o) => o.duplicateKeys.some((k) => keys.has(k)));
  return docs.map((doc) =>
    others
      .filter((o) => String(o._id) !== String(doc._id) && o.duplicateKeys.some((k) => doc.duplicateKeys.includes(k)))
      .slice(0, 20)
      .map((o) => ({
        id: String(o._id),
        status: o.status,
        matchedOn: o.duplicateKeys.filter((k) => doc.duplicateKeys.includes(k)).map((k) => k.split(':')[0]!),
      })),
  );
}
