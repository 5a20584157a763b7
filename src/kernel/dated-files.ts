// Configuration that changes by date (the rule sets of Brussels law, the service's policy): one JSON
// file per version in a folder, each with `effectiveFrom`; the version in force on a day is the
// latest effective on or before it (the first one before any), so a new rule is a new file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { ajv } from './validation.js';

export interface Dated {
  effectiveFrom: string;
}

/** Every file of `dir`, validated (and checked further by `check`), oldest first; none is an error. */
export function loadDatedFiles<T extends Dated>(
  dir: string,
  what: string,
  validate: ValidateFunction<T>,
  check: (data: T, file: string) => void = () => {},
): T[] {
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((file) => {
      const data: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      if (!validate(data)) throw new Error(`invalid ${what} ${file}: ${ajv.errorsText(validate.errors)}`);
      check(data, file);
      return data;
    });
  if (all.length === 0) throw new Error(`no ${what} in ${dir}`);
  return all.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}

export function inForceOn<T extends Dated>(versions: readonly T[], date: Date): T {
  const day = date.toISOString().slice(0, 10);
  let chosen = versions[0]!;
  for (const v of versions) if (v.effectiveFrom <= day) chosen = v;
  return chosen;
}
