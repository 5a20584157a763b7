// The Mongoose connection. Filters are sanitised (no `$` operators from user input) and commands are
// not buffered while the database is away, so requests fail fast (503) instead of hanging.
import mongoose from 'mongoose';

mongoose.set('sanitizeFilter', true);

/**
 * With sanitizeFilter on, every `$` operator in a filter is neutralised unless marked trusted.
 * Only the app's own constants and computed values go in here, never request input.
 */
export function trusted<T extends object>(operators: T): T {
  return mongoose.trusted(operators) as T;
}
mongoose.set('strictQuery', true);
mongoose.set('bufferCommands', false);
mongoose.set('autoIndex', false);

export async function connectDatabase(uri: string, dbName?: string): Promise<typeof mongoose> {
  await mongoose.connect(uri, {
    dbName,
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    socketTimeoutMS: 30_000,
  });
  // Indexes are created explicitly, in order, before the app serves: unique indexes carry rules.
  for (const model of Object.values(mongoose.connection.models)) await model.createIndexes();
  return mongoose;
}

/** Models registered after connecting (e.g. by a module loaded late) get their indexes too. */
export async function ensureIndexes(): Promise<void> {
  for (const model of Object.values(mongoose.connection.models)) await model.createIndexes();
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

export async function databaseIsUp(timeoutMs = 2_000): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  try {
    await Promise.race([
      db.admin().command({ ping: 1 }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}
