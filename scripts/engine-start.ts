// npm run engine:start -- --data DIR [--port N]
// Starts the embedded database engine alone (for mongosh, backups, checks) on a free 127.0.0.1
// port (or the one given), supervised, and prints its mongodb:// URI on one line. Ctrl-C stops it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedEngine } from '../src/kernel/db/embedded-engine.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: 'var' }, port: { type: 'string' }, fsync: { type: 'boolean', default: true } } });
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  process.stderr.write(`--port must be a port number, not "${values.port}"\n`);
  process.exit(2);
}
const engine = await startEmbeddedEngine({
  jar: resolve(import.meta.dirname, '..', '.tools/engine/cohabitation-engine.jar'),
  dataDir: resolve(values.data!),
  port,
  fsync: values.fsync,
  onLog: (line) => process.stderr.write(`${line}\n`),
  onRestart: (event) => process.stderr.write(`[engine] stopped (${JSON.stringify(event)}): starting it again\n`),
});
process.stdout.write(`${engine.uri}\n`);
const stop = () => void engine.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
