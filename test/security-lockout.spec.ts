// Issue 16, finding 8: five wrong tries locked a victim out, and fifty locked everyone behind one
// address (a CPAS office). Now an attacker's failures slow down the attacker's own address for that
// account; the account itself waits only after many failures from everywhere, briefly, and a shared
// office address has a limit an office survives. Addresses come from the proxy (TRUST_PROXY).
import { expect } from 'chai';
import { createUser, csrfToken, PASSWORD, useTestApp } from './helpers/test-app.js';

describe('security: no lockout an attacker can impose (issue 16, finding 8)', () => {
  const ctx = useTestApp({
    trustProxy: 'loopback',
    login: { windowMinutes: 15, maxFailuresPerAccount: 5, maxFailuresPerAccountAnywhere: 20, maxDelaySeconds: 300, maxFailuresPerAddress: 200 },
  });

  async function tryLogin(from: string, email: string, password: string) {
    const agent = ctx.request();
    const token = await csrfToken(agent);
    return agent.post('/api/v1/session').set('X-CSRF-Token', token).set('X-Forwarded-For', from).send({ email, password });
  }

  it('ten wrong guesses from the attacker’s address: the attacker waits, the victim at home signs in at once', async () => {
    const victim = await createUser('parent');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await tryLogin('203.0.113.66', victim.email, `guess ${i}`)).status);
    expect(statuses.slice(0, 5)).to.deep.equal([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).to.equal(true);
    expect((await tryLogin('203.0.113.66', victim.email, PASSWORD)).status).to.equal(429);
    expect((await tryLogin('198.51.100.7', victim.email, PASSWORD)).status).to.equal(200);
  });

  it('fifty failures from one office address (people mistyping, or one attacker there): a colleague at the same address signs in', async () => {
    const office = '192.0.2.10';
    for (let i = 0; i < 50; i++) expect((await tryLogin(office, `someone${i}@example.org`, 'wrong')).status).to.equal(401);
    const colleague = await createUser('worker');
    expect((await tryLogin(office, colleague.email, PASSWORD)).status).to.equal(200);
  });

  it('many addresses guessing one account: the account waits seconds, not hours (never longer than the cap)', async () => {
    const victim = await createUser('host');
    for (let i = 0; i < 21; i++) await tryLogin(`203.0.113.${100 + i}`, victim.email, `guess ${i}`);
    const waiting = await tryLogin('198.51.100.8', victim.email, PASSWORD);
    expect(waiting.status).to.equal(429);
    const seconds = Number(waiting.headers['retry-after']);
    expect(seconds).to.be.within(1, 4);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 100));
    expect((await tryLogin('198.51.100.8', victim.email, PASSWORD)).status).to.equal(200);
  });
});
