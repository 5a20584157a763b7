import { expect } from 'chai';
import mongoose from 'mongoose';
import { watchEngine } from '../src/kernel/db/connection.js';
import { useTestApp } from './helpers/test-app.js';

describe('GET /healthz', () => {
  const ctx = useTestApp();

  it('answers ok with the database up', async () => {
    const res = await ctx.request().get('/healthz').expect(200);
    expect(res.body).to.deep.equal({ status: 'ok', db: 'up' });
  });

  it('answers 503 at once when the database is away, and recovers', async () => {
    const client = mongoose.connection.getClient();
    await client.close(true);
    const res = await ctx.request().get('/healthz').expect(503);
    expect(res.body).to.deep.equal({ status: 'degraded', db: 'down' });
    await client.connect();
    await ctx.request().get('/healthz').expect(200);
  });
});

describe('while the embedded engine is down (its supervisor says so)', () => {
  const ctx = useTestApp();
  after(() => watchEngine(() => true));

  it('every request answers 503 at once, /healthz says the database is down; all is back when it is up', async () => {
    await ctx.request().get('/api/v1/session').expect(200);
    watchEngine(() => false);
    const health = await ctx.request().get('/healthz').expect(503);
    expect(health.body).to.deep.equal({ status: 'degraded', db: 'down' });
    const api = await ctx.request().get('/api/v1/session').set('Accept', 'application/json').expect(503);
    expect(api.body.error.code).to.equal('SERVICE_UNAVAILABLE');
    await ctx.request().get('/login').expect(503);
    watchEngine(() => true);
    await ctx.request().get('/healthz').expect(200);
    await ctx.request().get('/api/v1/session').expect(200);
  });

  it('/healthz runs a real query: a database that answers pings but not queries is down', async () => {
    const db = mongoose.connection.db!;
    const collection = db.collection.bind(db);
    (db as { collection: unknown }).collection = () => ({ findOne: () => Promise.reject(new Error('query failed')) });
    try {
      await ctx.request().get('/healthz').expect(503);
    } finally {
      (db as { collection: unknown }).collection = collection;
    }
    await ctx.request().get('/healthz').expect(200);
  });
});
