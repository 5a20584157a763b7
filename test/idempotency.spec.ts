// Idempotency-Key on unsafe /api/v1 requests: a replay returns the recorded answer and creates
// nothing more; a key still in flight answers 409; the same key with another body 422; a bad key 400.
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type supertest from 'supertest';
import { IdempotencyModel } from '../src/kernel/http/idempotency.model.js';
import { removeExpiredIdempotencyKeys } from '../src/kernel/http/idempotency.js';
import { familyBody } from './helpers/intake-fixtures.js';
import { apiLogin, createUser, csrfToken, useTestApp } from './helpers/test-app.js';

interface Session {
  agent: supertest.Agent;
  token: string;
  id: string;
}

describe('idempotency keys on the JSON API', () => {
  const ctx = useTestApp();
  const worker = async (): Promise<Session> => {
    const user = await createUser('worker');
    const agent = ctx.request();
    return { agent, token: await apiLogin(agent, user.email), id: user.id };
  };
  const create = (s: Session, key: string | null, body: unknown) => {
    const req = s.agent.post('/api/v1/families').set('X-CSRF-Token', s.token);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };
  const named = (lastName: string) => familyBody({ parent: { ...familyBody().parent, lastName, email: null, phone: null } });
  const countNamed = async (s: Session, lastName: string) => {
    const res = await s.agent.get(`/api/v1/families?q=${encodeURIComponent(lastName)}&limit=200`).expect(200);
    return (res.body.items as { parent: { lastName: string } }[]).filter((f) => f.parent.lastName === lastName).length;
  };

  it('a retry with the same key replays the first answer and creates nothing more', async () => {
    const w = await worker();
    const body = named('Replayzone');
    const first = await create(w, 'create-family-1', body).expect(201);
    expect(first.headers['idempotent-replayed']).to.equal(undefined);
    const again = await create(w, 'create-family-1', body).expect(201);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body).to.deep.equal(first.body);
    expect(again.headers.etag).to.equal(first.headers.etag);
    expect(await countNamed(w, 'Replayzone')).to.equal(1);
  });

  it('the recorded answer is kept sealed: its sensitive fields are not in the database in clear', async () => {
    const w = await worker();
    const canary = 'CANARY-idempotency-7f3a';
    const body = familyBody({
      parent: { ...familyBody().parent, lastName: 'Sealedzone', email: null, phone: null },
      situation: { ...familyBody().situation, description: canary },
    });
    const first = await create(w, 'sealed-1', body).expect(201);
    expect(JSON.stringify(first.body)).to.include(canary);
    const raw = JSON.stringify(await IdempotencyModel.collection.find({}).toArray());
    expect(raw).to.not.include(canary);
    expect(raw).to.not.include('Sealedzone');
    const again = await create(w, 'sealed-1', body).expect(201);
    expect(again.body).to.deep.equal(first.body);
  });

  it('the same body with the fields in another order is the same request', async () => {
    const w = await worker();
    const body = named('Reorderzone');
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await create(w, 'reorder-1', body).expect(201);
    const again = await create(w, 'reorder-1', reordered).expect(201);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body.id).to.equal(first.body.id);
  });

  it('without a key, two requests create two records (unchanged behaviour)', async () => {
    const w = await worker();
    await create(w, null, named('Nokeyzone')).expect(201);
    await create(w, null, named('Nokeyzone')).expect(201);
    expect(await countNamed(w, 'Nokeyzone')).to.equal(2);
  });

  it('the same key with a different body is refused with 422 and changes nothing', async () => {
    const w = await worker();
    await create(w, 'reused-key', named('Firstbody')).expect(201);
    const res = await create(w, 'reused-key', named('Secondbody')).expect(422);
    expect(res.body.error.code).to.equal('IDEMPOTENCY_KEY_REUSED');
    expect(await countNamed(w, 'Secondbody')).to.equal(0);
    expect(await countNamed(w, 'Firstbody')).to.equal(1);
  });

  it('an invalid key is refused with 400 naming the header, before anything runs', async () => {
    const w = await worker();
    for (const key of ['x'.repeat(101), 'has space', 'semi;colon', 'é']) {
      const res = await create(w, key, named('Badkeyzone')).expect(400);
      expect(res.body.error.code).to.equal('MALFORMED_REQUEST');
      expect(res.body.error.message).to.include('Idempotency-Key');
      expect(res.body.error.details[0].path).to.equal('/headers/Idempotency-Key');
    }
    expect(await countNamed(w, 'Badkeyzone')).to.equal(0);
    // 100 safe characters is fine.
    await create(w, `${'a'.repeat(96)}-_.:`, named('Badkeyzone')).expect(201);
  });

  it('while the first request with a key is still running, the same key answers 409', async () => {
    const w = await worker();
    const body = named('Inflightzone');
    // A first request that has claimed the key and not answered yet (as the middleware records it).
    const canonical = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(canonical).join(',')}]`
        : v && typeof v === 'object'
          ? `{${Object.keys(v)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
              .join(',')}}`
          : JSON.stringify(v);
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const id = sha([`user:${w.id}`, 'POST', '/api/v1/families', 'in-flight-1'].join('\0'));
    await IdempotencyModel.create({ _id: id, requestHash: sha(canonical(body)), state: 'pending', createdAt: new Date() });
    const res = await create(w, 'in-flight-1', body).expect(409);
    expect(res.body.error.code).to.equal('IDEMPOTENCY_IN_PROGRESS');
    expect(await countNamed(w, 'Inflightzone')).to.equal(0);
  });

  it('many identical requests at the same moment create exactly one record', async () => {
    const w = await worker();
    const body = named('Racezone');
    const results = await Promise.all(Array.from({ length: 6 }, () => create(w, 'race-1', body)));
    const statuses = results.map((r) => r.status);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(','),
    ).to.equal(true);
    const originals = results.filter((r) => r.status === 201 && r.headers['idempotent-replayed'] !== 'true');
    expect(originals).to.have.length(1);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).to.equal('IDEMPOTENCY_IN_PROGRESS');
    expect(await countNamed(w, 'Racezone')).to.equal(1);
    // Once the first has answered, every retry replays it.
    const later = await create(w, 'race-1', body).expect(201);
    expect(later.body.id).to.equal(originals[0]!.body.id);
  });

  it('keys belong to one person: the same key from someone else is a new request', async () => {
    const a = await worker();
    const b = await worker();
    const first = await create(a, 'shared-key', named('Scopezone')).expect(201);
    const other = await create(b, 'shared-key', named('Scopezone')).expect(201);
    expect(other.headers['idempotent-replayed']).to.equal(undefined);
    expect(other.body.id).to.not.equal(first.body.id);
  });

  it('and belong to one path: the same key on another route is a new request', async () => {
    const w = await worker();
    const f = await create(w, 'path-key', named('Pathzone')).expect(201);
    const submitted = await w.agent
      .post(`/api/v1/families/${f.body.id}/submit`)
      .set('X-CSRF-Token', w.token)
      .set('Idempotency-Key', 'path-key')
      .send({ acknowledgeBenefitsWarning: true })
      .expect(200);
    expect(submitted.body.status).to.equal('submitted');
    expect(submitted.headers['idempotent-replayed']).to.equal(undefined);
  });

  it('a refusal is replayed too (the request was understood and answered)', async () => {
    const w = await worker();
    const bad = { parent: { birthYear: 'not a year' } };
    const first = await create(w, 'invalid-body', bad).expect(422);
    const again = await create(w, 'invalid-body', bad).expect(422);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body).to.deep.equal(first.body);
  });

  it('works for a visitor before signing in (scoped to the session): registration', async () => {
    const agent = ctx.request();
    const token = await csrfToken(agent);
    const body = { role: 'parent', email: 'idem-visitor@test.example', password: 'correct horse battery staple', name: 'Visitor', language: 'en' };
    const first = await agent.post('/api/v1/accounts').set('X-CSRF-Token', token).set('Idempotency-Key', 'register-1').send(body).expect(201);
    const again = await agent.post('/api/v1/accounts').set('X-CSRF-Token', token).set('Idempotency-Key', 'register-1').send(body).expect(201);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body.user.id).to.equal(first.body.user.id);
  });

  it('safe methods ignore the header', async () => {
    const w = await worker();
    const res = await w.agent.get('/api/v1/families').set('Idempotency-Key', 'not checked here!').expect(200);
    expect(res.headers['idempotent-replayed']).to.equal(undefined);
  });

  it('keys older than 24 hours are removed', async () => {
    const old = new Date(Date.now() - 25 * 3600_000);
    await IdempotencyModel.create({ _id: 'old-key-record', requestHash: 'x', state: 'done', status: 201, body: '{}', createdAt: old });
    await IdempotencyModel.create({ _id: 'fresh-key-record', requestHash: 'x', state: 'done', status: 201, body: '{}', createdAt: new Date() });
    expect(await removeExpiredIdempotencyKeys()).to.be.greaterThanOrEqual(1);
    expect(await IdempotencyModel.findById('old-key-record').lean()).to.equal(null);
    expect(await IdempotencyModel.findById('fresh-key-record').lean()).to.not.equal(null);
  });
});
