// The services near a home-sharing: the directory of the home's commune and the region's helplines,
// as the family's network page, the worker's introductions page and the check-in form show them.
import type { Request } from 'express';
import { communeName } from '../../kernel/region.js';
import { presentEntry, type DirectoryService } from '../directory/index.js';
import type { OfferService } from '../intake/index.js';

export type NearServices = Awaited<ReturnType<typeof servicesNear>>;

export async function servicesNear(offers: OfferService, directory: DirectoryService, offerId: string, lang: Request['lang']) {
  const commune = (await offers.load(offerId)).application.address?.commune ?? null;
  const entries = (await directory.list(commune ? { commune } : {})).filter((e) => commune || e.commune === null).map((e) => presentEntry(e, lang));
  return { commune: commune ? communeName(commune, lang) : null, helplines: entries.filter((e) => e.regionWide), local: entries.filter((e) => !e.regionWide) };
}
