import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { EventBus } from './events.js';
import type { Outbox } from './mail/outbox.service.js';
import type { Scheduler } from './scheduler.js';

/** What the kernel hands every workflow module. */
export interface ModuleDeps {
  config: Readonly<Config>;
  logger: Logger;
  outbox: Outbox;
  events: EventBus;
}

/** A workflow stage: its JSON API (mounted under /api/v1), its pages, and its recurring jobs. */
export interface AppModule {
  name: 'intake' | 'matching' | 'conformity' | 'followup' | 'privacy' | 'directory';
  api: Router;
  pages: Router;
  schedule?(scheduler: Scheduler): void;
}
