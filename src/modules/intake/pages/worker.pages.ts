// Worker pages: the queue (/work) and the case pages of families and offers with their casework forms.
import { Router } from 'express';
import type { IntakeServices } from './services.js';

export function workerPages(_services: IntakeServices): Router {
  const pages = Router();
  return pages;
}
