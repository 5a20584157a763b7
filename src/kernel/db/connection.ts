// The Mongoose connection. Filters are sanitised (no `$` operators from user input) and commands are
// not buffered while the database is away, so requests fail fast (503) instead of hanging.
import mongoose from 'mongoose';

mongoose.set('sanitizeFilter', true);

/**
 * With sanitizeFilter on, every `$` operator in a filter is neutralised unless marked trusted.
 * Only the app's own constants and computed values go in here, never request input.
 */
export function trusted<T extends object>(operators: T): T {
  return mongoose.trusted<T>(operators);
}

/** A case-insensitive "contains" filter for text a person typed: matched as plain text, never as a pattern. */
export function containsText(text: string): { $regex: string; $options: string } {
  return trusted({ $regex: text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), $options: 'i' });
}

mongoose.set('strictQuery', true);
mongoose.set('bufferCommands', false);
mongoose.set('autoIndex', false);

export async function connectDatabase(uri: string, dbName?: string): Promise<typeof mongoose> {
  await mongoose.connect(uri, {
    dbName,
    // While the database is away, an operation waits this long for it, then the request gets 503.
    serverSelectionTimeoutMS: 3_000,
    connectTimeoutMS: 3_000,
    socketTimeoutMS: 30_000,
    // The server is watched by plain periodic checks (not the streaming protocol), every 2 s: after a
    // restart of the database the app notices within seconds. Streaming monitoring sometimes never
    // noticed a restarted embedded engine (test/reliability/db-restart.spec.ts).
    serverMonitoringMode: 'poll',
    heartbeatFrequencyMS: 2_000,
    // Idempotency keys need to know whether a failed request had already sent a write (http/idempotency.ts).
    monitorCommands: true,
  });
  guardAcknowledgedWrites(mongoose.connection.getClient());
  // Indexes are created explicitly, in order, before the app serves: unique indexes carry rules.
  for (const model of Object.values(mongoose.connection.models)) await model.createIndexes();
  watchServerMonitor();
  return mongoose;
}

// The driver checks the server every 2 s (heartbeats), succeeding or failing. Now and then, after the
// embedded engine went away in the middle of a command, the driver's monitor stopped checking at all
// and the app stayed "database unavailable" for good (test/reliability/db-restart.spec.ts, about one
// run in four). When no heartbeat has happened for a while, the same client is closed and opened again.
const MONITOR_STUCK_MS = 12_000;
let monitorWatch: NodeJS.Timeout | null = null;
function watchServerMonitor(): void {
  const client = mongoose.connection.getClient();
  let lastHeartbeat = Date.now();
  let reopening = false;
  for (const event of ['serverHeartbeatStarted', 'serverHeartbeatSucceeded', 'serverHeartbeatFailed'] as const)
    client.on(event, () => (lastHeartbeat = Date.now()));
  if (monitorWatch) clearInterval(monitorWatch);
  monitorWatch = setInterval(() => {
    if (reopening || Date.now() - lastHeartbeat < MONITOR_STUCK_MS || mongoose.connection.getClient() !== client) return;
    reopening = true;
    lastHeartbeat = Date.now();
    void client
      .close(true)
      .then(() => client.connect())
      .catch(() => undefined) // still away: the next watch tries again
      .finally(() => (reopening = false));
  }, 2_000).unref();
}

/** Models registered after connecting (e.g. by a module loaded late) get their indexes too. */
export async function ensureIndexes(): Promise<void> {
  for (const model of Object.values(mongoose.connection.models)) await model.createIndexes();
}

export async function disconnectDatabase(): Promise<void> {
  if (monitorWatch) clearInterval(monitorWatch);
  monitorWatch = null;
  await mongoose.disconnect();
}

/**
 * Every write is acknowledged, on every engine: an unacknowledged (`w:0`) write is one nobody
 * confirms, and on some engines its stray reply desynchronised the connection (replies handed to
 * the wrong request). Nothing in the app asks for one; this watch records any command that does
 * (a library's, say), logs it as an error, and the test suite fails on it (test/helpers/root-hooks.ts).
 */
export interface UnacknowledgedWrite {
  command: string;
  collection: unknown;
  at: Date;
}
const unacknowledged: UnacknowledgedWrite[] = [];
const watchedClients = new WeakSet();

/** Calls `onViolation` for every command this client sends with `w:0` (needs `monitorCommands`). */
export function watchWriteConcern(
  client: { on(event: 'commandStarted', listener: (event: { commandName: string; command: object }) => void): unknown },
  onViolation: (write: UnacknowledgedWrite) => void,
): void {
  client.on('commandStarted', (event) => {
    const command = event.command as { writeConcern?: { w?: unknown } } & Record<string, unknown>;
    if (command.writeConcern?.w === 0) onViolation({ command: event.commandName, collection: command[event.commandName], at: new Date() });
  });
}

function guardAcknowledgedWrites(client: ReturnType<typeof mongoose.connection.getClient>): void {
  if (watchedClients.has(client)) return;
  watchedClients.add(client);
  watchWriteConcern(client, (write) => {
    unacknowledged.push(write);
    process.emitWarning(`unacknowledged write (w:0) sent: ${write.command}`, { code: 'COHABITATION_W0' });
  });
}

/** Commands that went out with `w:0` since the process started (should always be empty). */
export function unacknowledgedWrites(): readonly UnacknowledgedWrite[] {
  return unacknowledged;
}

/** Set by the embedded engine's supervisor: false while the engine is down (requests get 503 at once). */
let engineUp: () => boolean = () => true;
export function watchEngine(isUp: () => boolean): void {
  engineUp = isUp;
}
export function engineIsUp(): boolean {
  return engineUp();
}

/**
 * The truth about the database: the engine runs and a real query on a real collection answers
 * (a ping can succeed on a connection whose queries fail).
 */
export async function databaseIsUp(timeoutMs = 2_000): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!engineUp() || mongoose.connection.readyState !== mongoose.ConnectionStates.connected || !db) return false;
  try {
    await Promise.race([
      db.collection<{ _id: string }>('health').findOne({ _id: 'probe' }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}
