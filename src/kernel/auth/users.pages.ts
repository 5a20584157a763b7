// The coordinator's accounts page (/admin/users): the accounts as a list that reads on a phone, a
// search by name or e-mail address (a GET form, no script needed), erased accounts apart behind
// their own filter, and the form creating a worker's, a coordinator's or a partner's account.
import { actorOf } from './actor.js';
import { Router, type Request } from 'express';
import { ValidationError } from '../errors.js';
import { flash, formHandler, translateDetails, type FieldError, formBody } from '../http/forms.js';
import type { AccountsService } from './accounts.service.js';
import { parseUserSearch, validateStaffAccount, type UserSearchInput } from './accounts.schemas.js';
import { allow } from './policy.js';
import type { UserDocument } from './user.model.js';

const SEARCH_FORM = 'users-search';

/** What the list shows of an account: never its password, only whether one was chosen. */
function accountRow(user: UserDocument) {
  const state = user.erasedAt ? 'erased' : user.disabledAt ? 'disabled' : user.pendingSince ? 'pending' : user.passwordHash ? 'active' : 'invited';
  return { id: user.id, name: user.name, email: user.email, role: user.role, organisation: user.organisation ?? null, state, erasedAt: user.erasedAt };
}

function shownSearch(req: Request): { q: string; erased: string } {
  const one = (key: string) => (typeof req.query[key] === 'string' ? req.query[key] : '');
  return { q: one('q'), erased: one('erased') };
}

export function usersPages(accounts: AccountsService): Router {
  const pages = Router();
  const coordinator = allow('coordinator');

  pages.get('/admin/users', coordinator, async (req, res) => {
    let search: UserSearchInput = {};
    let searchErrors: FieldError[] = [];
    try {
      search = parseUserSearch(req.query);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // A field the form does not have is the form's problem: the summary links to the form.
      const known = ['/q', '/erased'];
      searchErrors = translateDetails(
        req.lang,
        error.details.map((d) => (known.includes(d.path) ? d : { ...d, path: `/${SEARCH_FORM}` })),
      );
    }
    const users = searchErrors.length ? [] : await accounts.listUsers(search);
    res.status(searchErrors.length ? 422 : 200).render('auth/users.njk', {
      users: users.map(accountRow),
      search: shownSearch(req),
      filtered: Boolean(search.q?.trim() || search.erased),
      searchForm: SEARCH_FORM,
      searchErrors,
    });
  });

  pages.post(
    '/admin/users',
    coordinator,
    formHandler(
      () => '/admin/users',
      async (req, res) => {
        const body = { ...formBody(req) };
        if (body.password === '') delete body.password;
        if (body.organisation === '' || body.role !== 'partner') delete body.organisation;
        const input = validateStaffAccount(body);
        await accounts.createStaff(input, actorOf(req));
        flash(req, 'auth.staffCreated', 'success', { email: input.email });
        res.redirect(303, '/admin/users');
      },
    ),
  );

  return pages;
}
