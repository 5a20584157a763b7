// The in-process copies of a collection (kernel/db/collection-cache.ts): two copies stand for two app
// processes; each must see every write made through Mongoose, by any path, and a write made past
// Mongoose once it is marked.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import { changeMarker, CollectionCache, markChanged, sortedBy } from '../src/kernel/db/collection-cache.js';
import { connectDatabase, disconnectDatabase } from '../src/kernel/db/connection.js';
import { testDatabaseUri } from './helpers/root-hooks.js';

interface Thing {
  _id: mongoose.Types.ObjectId;
  name: string;
  n: number;
}

const thingSchema = new Schema({ name: String, n: Number });
thingSchema.plugin(changeMarker('cache_things'));
const ThingModel = mongoose.model('CacheThing', thingSchema, 'cache_things');

describe('in-process copies of a collection', () => {
  before(async () => {
    await connectDatabase(testDatabaseUri(), `test_${randomBytes(6).toString('hex')}`);
  });
  after(async () => {
    await mongoose.connection.db?.dropDatabase();
    await disconnectDatabase();
  });

  const copies = () => [new CollectionCache<Thing>(ThingModel as never, 'cache_things'), new CollectionCache<Thing>(ThingModel as never, 'cache_things')];
  const names = async (copy: CollectionCache<Thing>) => (await copy.all()).map((t) => `${t.name}:${t.n}`).sort();

  it('sees creations, updates and deletions made through any Mongoose path, in every copy', async () => {
    const [a, b] = copies();
    expect(await names(a!)).to.deep.equal([]);
    const one = await ThingModel.create({ name: 'one', n: 1 });
    await ThingModel.insertMany([
      { name: 'two', n: 2 },
      { name: 'three', n: 3 },
    ]);
    expect(await names(a!)).to.deep.equal(['one:1', 'three:3', 'two:2']);
    expect(await names(b!)).to.deep.equal(['one:1', 'three:3', 'two:2']);

    await ThingModel.updateOne({ _id: one._id }, { $set: { n: 10 } });
    await ThingModel.findOneAndUpdate({ name: 'two' }, { $set: { n: 20 } }, {}); // by another field: the copies reload
    await ThingModel.deleteOne({ name: 'three' });
    expect(await names(a!)).to.deep.equal(['one:10', 'two:20']);
    expect(await names(b!)).to.deep.equal(['one:10', 'two:20']);

    await ThingModel.updateMany({}, { $inc: { n: 1 } });
    expect(await names(b!)).to.deep.equal(['one:11', 'two:21']);
  });

  it('sees a write made past Mongoose once it is marked, and only then', async () => {
    const [a] = copies();
    const doc = await ThingModel.create({ name: 'raw', n: 0 });
    expect(await names(a!)).to.include('raw:0');
    await mongoose.connection.collection('cache_things').updateOne({ _id: doc._id }, { $set: { n: 5 } });
    expect(await names(a!), 'not marked yet').to.include('raw:0');
    await markChanged('cache_things', [String(doc._id)]);
    expect(await names(a!)).to.include('raw:5');
  });

  it('catches up after more changes than the marker keeps, and sees every write finished before a read', async () => {
    const [a, b] = copies();
    await a!.all();
    const doc = await ThingModel.create({ name: 'busy', n: 0 });
    for (let i = 1; i <= 450; i++) await ThingModel.updateOne({ _id: doc._id }, { $set: { n: i } });
    expect(await names(a!)).to.include('busy:450');
    // Reads at once with writes: each read sees at least what was written before it began.
    const reads = [];
    for (let i = 451; i <= 470; i++) {
      await ThingModel.updateOne({ _id: doc._id }, { $set: { n: i } });
      reads.push(b!.all().then((all) => ({ wrote: i, saw: all.find((t) => t.name === 'busy')!.n })));
    }
    for (const { wrote, saw } of await Promise.all(reads)) expect(saw).to.be.at.least(wrote);
  });

  it('sorts as the database does: missing and null first, then numbers, then dates; ties by id', () => {
    const docs = [
      { _id: 'c', v: new Date(2) },
      { _id: 'b', v: null },
      { _id: 'a', v: 3 },
      { _id: 'd', v: 3 },
      { _id: 'e', v: new Date(1) },
    ];
    expect(sortedBy(docs, [[(d) => d.v, 1]]).map((d) => d._id)).to.deep.equal(['b', 'a', 'd', 'e', 'c']);
    expect(sortedBy(docs, [[(d) => d.v, -1]]).map((d) => d._id)).to.deep.equal(['c', 'e', 'a', 'd', 'b']);
  });
});
