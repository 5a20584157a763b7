// The coordinator's pages of the directory, without JavaScript: a list by commune and kind, a form
// to add or change an entry (post/redirect/get with the error summary; the version the form was
// shown with travels in a hidden field, so two coordinators editing one entry cannot overwrite each
// other), and a confirmation page before an entry is retired (it then no longer shows to families).
import { Router, type Request } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { flash, formHandler } from '../../kernel/http/forms.js';
import { COMMUNE_CODES, communeName } from '../../kernel/region.js';
import type { Language } from '../../kernel/config.js';
import { actorOf } from '../../kernel/auth/actor.js';
import { directoryQuery } from './directory.api.js';
import { entryFromForm, formVersion } from './directory.form.js';
import { DIRECTORY_KINDS } from './directory.model.js';
import { presentEntry } from './directory.presenters.js';
import { validateEntry, validateEntryChange } from './directory.schemas.js';
import type { DirectoryService } from './directory.service.js';

const id = (req: Request) => encodeURIComponent(String(req.params.id));

function choices(lang: Language, t: (key: string) => string) {
  return {
    kinds: DIRECTORY_KINDS.map((k) => ({ value: k, label: t(`directory.kinds.${k}`) })),
    communes: [...COMMUNE_CODES.map((c) => ({ value: c, label: communeName(c, lang) })).sort((a, b) => a.label.localeCompare(b.label, lang))],
  };
}

export function directoryPages(directory: DirectoryService): Router {
  const pages = Router();
  const staff = allow('worker', 'coordinator');
  const coordinator = allow('coordinator');
  const tr = (res: { locals: Record<string, unknown> }) => res.locals.t as (key: string) => string;

  pages.get('/work/directory', staff, async (req, res) => {
    const query = directoryQuery(req);
    const entries = (await directory.list(query)).map((d) => presentEntry(d, req.lang));
    res.render('directory/list.njk', { entries, query, ...choices(req.lang, tr(res)) });
  });

  pages.get('/work/directory/new', coordinator, (req, res) => {
    res.render('directory/edit.njk', { entry: null, ...choices(req.lang, tr(res)) });
  });

  pages.post(
    '/work/directory',
    coordinator,
    formHandler(
      () => '/work/directory/new',
      async (req, res) => {
        const created = await directory.create(actorOf(req), validateEntry(entryFromForm(req)));
        flash(req, 'directory.flash.created');
        res.redirect(303, `/work/directory?commune=${created.commune ?? ''}#entry-${String(created._id)}`);
      },
    ),
  );

  pages.get('/work/directory/:id/edit', coordinator, async (req, res) => {
    const entry = presentEntry(await directory.get(String(req.params.id)), req.lang);
    res.render('directory/edit.njk', { entry, ...choices(req.lang, tr(res)) });
  });

  pages.post(
    '/work/directory/:id',
    coordinator,
    formHandler(
      (req) => `/work/directory/${id(req)}/edit`,
      async (req, res) => {
        const changed = await directory.change(actorOf(req), String(req.params.id), validateEntryChange(entryFromForm(req)), formVersion(req));
        flash(req, 'directory.flash.changed');
        res.redirect(303, `/work/directory?commune=${changed.commune ?? ''}#entry-${String(changed._id)}`);
      },
    ),
  );

  pages.get('/work/directory/:id/retire', coordinator, async (req, res) => {
    const entry = presentEntry(await directory.get(String(req.params.id)), req.lang);
    res.render('directory/retire.njk', { entry });
  });

  pages.post(
    '/work/directory/:id/retire',
    coordinator,
    formHandler(
      (req) => `/work/directory/${id(req)}/retire`,
      async (req, res) => {
        const retired = await directory.change(actorOf(req), String(req.params.id), { retired: true }, formVersion(req));
        flash(req, 'directory.flash.retired');
        res.redirect(303, `/work/directory?commune=${retired.commune ?? ''}`);
      },
    ),
  );

  return pages;
}
