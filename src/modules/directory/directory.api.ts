// JSON API of the directory (SPEC §9): GET for anyone signed in; POST and PATCH for the coordinator
// (PATCH with If-Match: the version the change was computed from; `retired: true` retires it).
import { Router, type Request } from 'express';
import { allow, signedIn } from '../../kernel/auth/policy.js';
import { NotFoundError, ValidationError } from '../../kernel/errors.js';
import { COMMUNE_CODES } from '../../kernel/region.js';
import { actorOf } from '../../kernel/auth/actor.js';
import { expectedVersion } from '../intake/index.js';
import { DIRECTORY_KINDS } from './directory.model.js';
import { presentEntry } from './directory.presenters.js';
import { validateEntry, validateEntryChange } from './directory.schemas.js';
import type { DirectoryService } from './directory.service.js';

/** ?commune=21007&kind=cpas&includeRetired=true, each checked (an unknown code is a 422 naming it). */
export function directoryQuery(req: Request) {
  const q = req.query as Record<string, unknown>;
  const one = (k: string) => (typeof q[k] === 'string' && q[k] !== '' ? q[k] : undefined);
  const commune = one('commune');
  const kind = one('kind');
  if (commune && !COMMUNE_CODES.includes(commune)) throw new ValidationError([{ path: '/commune', messageKey: 'directory.errors.unknownCommune' }]);
  if (kind && !(DIRECTORY_KINDS as readonly string[]).includes(kind))
    throw new ValidationError([{ path: '/kind', messageKey: 'directory.errors.unknownKind' }]);
  return { commune, kind, includeRetired: one('includeRetired') === 'true' && req.user?.role === 'coordinator' };
}

export function directoryApi(directory: DirectoryService): Router {
  const api = Router();
  const coordinator = allow('coordinator');

  api.get('/directory', signedIn, async (req, res) => {
    res.json({ items: (await directory.list(directoryQuery(req))).map((d) => presentEntry(d, req.lang)) });
  });

  api.get('/directory/:id', signedIn, async (req, res) => {
    const doc = await directory.get(String(req.params.id));
    // A retired entry is the coordinator's history; for everyone else it is gone.
    if (doc.retiredAt && req.user?.role !== 'coordinator') throw new NotFoundError();
    res.json(presentEntry(doc, req.lang));
  });

  api.post('/directory', coordinator, async (req, res) => {
    res.status(201).json(presentEntry(await directory.create(actorOf(req), validateEntry(req.body)), req.lang));
  });

  api.patch('/directory/:id', coordinator, async (req, res) => {
    const doc = await directory.change(actorOf(req), String(req.params.id), validateEntryChange(req.body), expectedVersion(req));
    res.json(presentEntry(doc, req.lang));
  });

  return api;
}
