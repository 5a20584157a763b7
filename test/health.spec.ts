import { expect } from 'chai';
import mongoose from 'mongoose';
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
