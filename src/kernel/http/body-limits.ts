// Bounds on a parsed body before anything recursive runs over it (validation, the idempotency
// key's canonical form, sealing): a 5,000-level nesting or a 100,000-element array answers 400/413
// at once instead of a stack overflow or a megabyte-long list of errors (issue #16, finding 12).
import type { NextFunction, Request, Response } from 'express';
import { AppError, MalformedRequestError } from '../errors.js';

export const MAX_BODY_DEPTH = 32;
export const MAX_ARRAY_LENGTH = 1000;

/** Walks the value without recursion; returns what is wrong, or null. */
export function bodyProblem(value: unknown): 'depth' | 'array' | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return 'depth';
    if (Array.isArray(node)) {
      if (node.length > MAX_ARRAY_LENGTH) return 'array';
      for (const item of node) stack.push([item, depth + 1]);
    } else for (const item of Object.values(node)) stack.push([item, depth + 1]);
  }
  return null;
}

export function bodyLimits(req: Request, _res: Response, next: NextFunction): void {
  const problem = bodyProblem(req.body);
  if (problem === 'depth') {
    next(new MalformedRequestError('errors.tooDeep'));
    return;
  }
  if (problem === 'array') {
    next(new AppError(413, 'PAYLOAD_TOO_LARGE', 'errors.tooLarge'));
    return;
  }
  next();
}
