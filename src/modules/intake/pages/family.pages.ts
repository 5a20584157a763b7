// Family application pages: the parent's steps (/my/application), a partner's referrals (/referrals), a worker filling in on a parent's behalf (/work/families/new, /work/families/:id/application/...).
import { Router } from 'express';
import type { IntakeServices } from './services.js';

export function familyPages(_services: IntakeServices): Router {
  const pages = Router();
  return pages;
}
