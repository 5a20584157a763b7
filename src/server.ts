// Start: config → database (embedded engine unless MONGODB_URI) → app → listen; graceful shutdown.
import { createServer } from 'node:http';
import { isAbsolute, join } from 'node:path';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './kernel/config.js';
import { connectDatabase, disconnectDatabase, watchEngine } from './kernel/db/connection.js';
import { startEmbeddedEngine, type EmbeddedEngine } from './kernel/db/embedded-engine.js';
import { createLogger } from './kernel/logger.js';
import { createScheduler } from './kernel/scheduler.js';
import { DEMO_LOGINS, seedDemoData } from './demo/seed.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(config);

  let engine: EmbeddedEngine | null = null;
  let uri = config.mongodbUri;
  if (!uri) {
    const jar = isAbsolute(config.engine.jar) ? config.engine.jar : join(config.rootDir, config.engine.jar);
    const started = await startEmbeddedEngine({
      jar,
      dataDir: config.dataDir,
      cacheMb: config.engine.cacheMb,
      fsync: config.engine.fsync,
      quickJit: config.engine.quickJit,
      startTimeoutMs: config.engine.startTimeoutSeconds * 1000,
      onLog: (line) => logger.warn({ engine: line }, 'embedded database'),
      onRestart: (event) => logger.error(event, 'embedded database stopped: restarting it'),
    });
    engine = started;
    watchEngine(() => started.up);
    uri = `${engine.uri}/cohabitation`;
    logger.info({ dataDir: config.dataDir, port: engine.port }, 'embedded database started');
  }
  await connectDatabase(uri);

  const app = createApp({ config, logger });
  if (config.adminEmail && config.adminPassword) await app.accounts.ensureAdmin(config.adminEmail, config.adminPassword);
  const seeded = config.demoData && config.env !== 'production' ? await seedDemoData(app) : false;

  const scheduler = createScheduler(logger);
  app.schedule(scheduler);
  const server = createServer(app.express);
  // A port already taken (EADDRINUSE) is a start failure, said as such, not an unhandled 'error' event.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;

  const lines = [`Cohabitation is running at http://localhost:${port}/`];
  if (engine) lines.push(`Embedded database on ${engine.uri} (data in ${config.dataDir}/engine; docs/database.md)`);
  if (config.demoData && config.env !== 'production') {
    lines.push(seeded ? 'Demo data created.' : 'Demo data already present.', 'Demo logins (password for all: ' + DEMO_LOGINS.password + '):');
    for (const login of DEMO_LOGINS.accounts) lines.push(`  ${login.role.padEnd(12)} ${login.email}`);
  }
  if (!config.smtpUrl && config.env !== 'production') lines.push(`E-mails stay in the outbox: http://localhost:${port}/dev/outbox`);
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.closeIdleConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await scheduler.stop();
    await app.close();
    await disconnectDatabase().catch(() => undefined);
    await engine?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Cohabitation could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
