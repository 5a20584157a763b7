// Races forced for certain: a test of two simultaneous requests holds both at the step they race on,
// since a loaded worker would otherwise often finish one before the other starts.

/**
 * Holds the first two calls of `proto[method]` (those `counts` accepts, e.g. one record's id) until
 * both have arrived, then lets them go on together; the method is put back when `run` settles.
 */
export async function bothArriveFirst<P extends object, T>(
  proto: P,
  method: keyof P & string,
  run: () => Promise<T>,
  counts: (args: unknown[]) => boolean = () => true,
): Promise<T> {
  const target = proto as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[method]!;
  let arrived = 0;
  let release!: () => void;
  const bothThere = new Promise<void>((resolve) => (release = resolve));
  target[method] = async function (this: unknown, ...args: unknown[]) {
    if (counts(args)) {
      arrived += 1;
      if (arrived === 2) release();
      if (arrived <= 2) await bothThere;
    }
    return original.apply(this, args);
  };
  try {
    return await run();
  } finally {
    target[method] = original;
  }
}
