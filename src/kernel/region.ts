// The region's communes (configuration, not code): NIS code, names, postal codes, approximate
// centre. A copy of shared/data/brussels-communes.json lives in config/region/ so the app and its
// image carry it; a test checks the copy against the shared file when that is beside the repo.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from './config.js';

export interface Commune {
  code: string;
  fr: string;
  nl: string;
  postalCodes: string[];
  lat: number;
  lng: number;
}

export interface Region {
  region: string;
  communes: Commune[];
}

export function loadRegion(rootDir: string): Region {
  const data = JSON.parse(readFileSync(join(rootDir, 'config', 'region', 'brussels-communes.json'), 'utf8')) as Region;
  return { region: data.region, communes: data.communes };
}

const rootDir = join(new URL('.', import.meta.url).pathname, '..', '..');
export const REGION: Region = loadRegion(rootDir);
export const COMMUNE_CODES: string[] = REGION.communes.map((c) => c.code);
const byCode = new Map(REGION.communes.map((c) => [c.code, c]));

export function commune(code: string): Commune | undefined {
  return byCode.get(code);
}

/** The commune's name in the reader's language (English readers get the French name, as on Brussels signs). */
export function communeName(code: string, lang: Language): string {
  const c = byCode.get(code);
  if (!c) return code;
  return lang === 'nl' ? c.nl : c.fr;
}

export function postalCodeBelongs(postalCode: string, communeCode: string): boolean {
  return byCode.get(communeCode)?.postalCodes.includes(postalCode) ?? false;
}

/** Great-circle distance in km between two communes' centres (no outside geocoding). */
export function communeDistanceKm(a: string, b: string): number {
  const ca = byCode.get(a);
  const cb = byCode.get(b);
  if (!ca || !cb) return Number.POSITIVE_INFINITY;
  const rad = Math.PI / 180;
  const dLat = (cb.lat - ca.lat) * rad;
  const dLng = (cb.lng - ca.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(ca.lat * rad) * Math.cos(cb.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
