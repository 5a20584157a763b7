import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export function createLogger(config: Pick<Config, 'env'>): Logger {
  const level = process.env.LOG_LEVEL ?? (config.env === 'test' ? 'silent' : 'info');
  return pino({ level, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', '*.password', '*.passwordHash'] });
}
export type { Logger };
