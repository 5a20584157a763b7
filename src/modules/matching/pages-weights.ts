// The coordinator's page for the scoring weights (SPEC §5): eight whole numbers that add up to 100.
import type { Router } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { coerceForm } from '../../kernel/http/form-coercion.js';
import { flash, formBody, formHandler } from '../../kernel/http/forms.js';
import { actorOf } from '../../kernel/auth/actor.js';
import { CRITERIA, DEFAULT_WEIGHTS } from './engine/criteria.js';
import { currentWeights, saveWeights, validateWeights } from './weights.js';

const weightsForm = { type: 'object', properties: Object.fromEntries(CRITERIA.map((k) => [k, { type: 'integer' }])) };

export function weightPages(pages: Router): void {
  const coordinator = allow('coordinator');

  pages.get('/admin/weights', coordinator, async (_req, res) => {
    res.render('matching/weights.njk', { weights: await currentWeights(), defaults: DEFAULT_WEIGHTS, criteria: CRITERIA });
  });

  pages.post(
    '/admin/weights',
    coordinator,
    formHandler(
      () => '/admin/weights',
      async (req, res) => {
        const body = formBody(req).reset === 'defaults' ? DEFAULT_WEIGHTS : coerceForm(req.body, weightsForm);
        await saveWeights(validateWeights(body), actorOf(req).id);
        flash(req, 'matching.weightsPage.saved');
        res.redirect(303, '/admin/weights');
      },
    ),
  );
}
