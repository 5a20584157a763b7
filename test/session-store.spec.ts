// The session store reads sessions by _id alone (kernel/http/session.ts) and checks their expiry
// itself: an expired session must still count as none.
import { expect } from 'chai';
import mongoose from 'mongoose';
import { signedInAs, useTestApp } from './helpers/test-app.js';

describe('session store', () => {
  const ctx = useTestApp();

  it('a session past its expiry in the store is no session; one expiring later is', async () => {
    const worker = await signedInAs(ctx, 'worker');
    await worker.agent.get('/api/v1/families').expect(200);
    const sessions = mongoose.connection.collection<{ _id: string; expires?: Date }>('sessions');
    const mine = await sessions.find({}).toArray();
    expect(mine.length).to.be.greaterThan(0);

    await sessions.updateMany({}, { $set: { expires: new Date(Date.now() + 60_000) } });
    await worker.agent.get('/api/v1/families').expect(200);

    await sessions.updateMany({}, { $set: { expires: new Date(Date.now() - 1_000) } });
    await worker.agent.get('/api/v1/families').expect(401);
  });
});
