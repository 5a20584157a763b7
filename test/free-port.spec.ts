// freePort() (kernel/db/embedded-engine.ts) gives a port the kernel never hands out by itself: the
// fault tests' app and engines listen on it, restart on it, and a /healthz answer on it must be
// theirs. A port from listen(0) was soon handed to another listen(0) — supertest's, in the other
// test worker — which then answered in the app's place (the app-kill "fetch failed" flake).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from '../src/kernel/db/embedded-engine.js';

const listenOn = (port: number) =>
  new Promise<{ port: number; close: () => Promise<void> }>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({ port: typeof address === 'object' && address ? address.port : -1, close: () => new Promise((r) => server.close(() => r())) });
    });
  });

describe('freePort: a port outside the ephemeral range', () => {
  it('is below the range the kernel hands out, and can be listened on', async () => {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    const port = await freePort();
    expect(port).to.be.at.least(10_000).and.below(low!);
    const server = await listenOn(port);
    expect(server.port).to.equal(port);
    await server.close();
  });

  it('is never what listen(0) gives someone else', async () => {
    const port = await freePort();
    const given = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const server = await listenOn(0);
      given.add(server.port);
      await server.close();
    }
    expect(given.size).to.be.above(1);
    expect([...given]).to.not.include(port);
  });
});
