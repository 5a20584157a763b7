// Host offer pages: the host's steps (/my/offer) and a worker filling in on a host's behalf (/work/offers/new, /work/offers/:id/offer/...).
import { Router } from 'express';
import type { IntakeServices } from './services.js';

export function offerPages(_services: IntakeServices): Router {
  const pages = Router();
  return pages;
}
