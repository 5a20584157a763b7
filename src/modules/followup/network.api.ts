// JSON API of the introductions (issue 18 part 3): the worker records that a family was introduced
// to a service of the directory, then what came of it. Kept on the family (intake's casework): the
// family keeps its local network when it is rehoused and the cohabitation ends.
import { Router } from 'express';
import { allow } from '../../kernel/auth/policy.js';
import { ValidationError } from '../../kernel/errors.js';
import type { DirectoryService } from '../directory/index.js';
import { actorOf } from '../../kernel/auth/actor.js';
import { validateIntroduction, validateIntroductionOutcome, type FamilyCaseworkService, type IntroductionInput } from '../intake/index.js';

/** The entry must be in the directory (and not retired) to be proposed. */
export async function assertEntryCurrent(directory: DirectoryService, input: IntroductionInput, path = '/entryId'): Promise<void> {
  if (!(await directory.isCurrent(input.entryId))) throw new ValidationError([{ path, messageKey: 'directory.errors.entryUnknown' }]);
}

export function networkApi(casework: FamilyCaseworkService, directory: DirectoryService): Router {
  const api = Router();
  const staff = allow('worker', 'coordinator');

  api.post('/families/:id/introductions', staff, async (req, res) => {
    const input = validateIntroduction(req.body);
    await assertEntryCurrent(directory, input);
    const family = await casework.addIntroduction(actorOf(req), String(req.params.id), input);
    res.status(201).json({ id: String(family._id), introductions: family.introductions });
  });

  api.patch('/families/:id/introductions/:introductionId', staff, async (req, res) => {
    const family = await casework.setIntroductionOutcome(
      actorOf(req),
      String(req.params.id),
      String(req.params.introductionId),
      validateIntroductionOutcome(req.body),
    );
    res.json({ id: String(family._id), introductions: family.introductions });
  });

  return api;
}
