// The family and offer applications are stored in the shape of their JSON schemas
// (kernel/db/json-schema-to-mongoose.ts). A value the stored schema dropped or converted would be
// data lost without an error: every application ajv accepts must come back exactly as written,
// through every path that writes one (create, update, erasure), the SPEC examples and the demo's.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { JSONSchemaType } from 'ajv';
import fc from 'fast-check';
import { mongooseSchemaOf } from '../src/kernel/db/json-schema-to-mongoose.js';
import { openWith, sealWith } from '../src/kernel/crypto/sealed-fields.js';
import { buildIntakeDemo } from '../src/demo/intake-demo.js';
import { ERASED_NAME, pseudonymiseFamily, pseudonymiseOffer, type Actor } from '../src/modules/intake/index.js';
import { FamilyModel } from '../src/modules/intake/family.model.js';
import { familySchema, type FamilyApplication, type FamilyDraft } from '../src/modules/intake/family.schemas.js';
import type { DeepPartial } from '../src/modules/intake/schema-parts.js';
import { FAMILY_SEALED_PATHS } from '../src/modules/intake/family.sealed.js';
import { OfferModel } from '../src/modules/intake/offer.model.js';
import { offerSchema, type OfferApplication, type OfferDraft } from '../src/modules/intake/offer.schemas.js';
import { familyBody, offerBody } from './helpers/intake-fixtures.js';
import { createUser, useTestApp } from './helpers/test-app.js';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const object = (properties: Record<string, unknown>) => ({ type: 'object', additionalProperties: false, properties });

describe('json-schema-to-mongoose', () => {
  it('maps objects to sub-schemas without _id, arrays to arrays, leaves to their types with their enums, nothing required', () => {
    const schema = mongooseSchemaOf(
      object({
        a: object({ type: { type: 'string', enum: ['x', 'y'] }, n: { type: 'integer', minimum: 1 } }),
        list: { type: 'array', items: object({ b: { type: 'boolean', nullable: true } }) },
      }),
    );
    expect(schema.path('a').instance).to.equal('Embedded');
    expect(schema.path('a.type').instance).to.equal('String');
    expect(schema.path('a.type').options.enum).to.deep.equal(['x', 'y']);
    expect(schema.path('a.n').instance).to.equal('Number');
    expect(schema.path('a._id')).to.equal(undefined);
    expect(schema.path('list').instance).to.equal('Array');
    expect(schema.requiredPaths()).to.deep.equal([]);
  });

  it('refuses at load what it does not handle, naming where', () => {
    const refused: [unknown, RegExp][] = [
      [object({ a: { oneOf: [{ type: 'string' }, { type: 'integer' }] } }), /a: unsupported type/],
      [object({ a: { type: 'string', anyOf: [{ minLength: 1 }] } }), /a: unsupported keyword "anyOf"/],
      [object({ a: { type: 'string', const: 'x' } }), /"const"/],
      [object({ a: { type: 'string', default: 'x' } }), /"default"/],
      [object({ a: { $ref: '#/definitions/x' } }), /a: unsupported type/],
      [object({ a: { type: ['string', 'null'] } }), /a: unsupported type/],
      [object({ a: { type: 'boolean', enum: [true] } }), /a: "enum"/],
      [object({ a: { type: 'array', items: [{ type: 'string' }] } }), /a: "items" must be one schema/],
      [object({ a: { type: 'object', properties: {} } }), /a: objects must set "additionalProperties": false/],
      [{ type: 'object', additionalProperties: true, properties: {} }, /\(root\): objects must set/],
      [object({ a: { type: 'object', additionalProperties: false, patternProperties: {} } }), /"patternProperties"/],
      [{ type: 'string' }, /the root must be an object/],
    ];
    for (const [schema, message] of refused) expect(() => mongooseSchemaOf(schema as object), JSON.stringify(schema)).to.throw(message);
  });

  it('stores the given paths as strings whatever their type, and refuses a path that names nothing', () => {
    const json = object({ s: object({ flag: { type: 'boolean' } }), list: { type: 'array', items: object({ n: { type: 'number' } }) } });
    const schema = mongooseSchemaOf(json, { asString: ['s.flag', 'list.*.n'] });
    expect(schema.path('s.flag').instance).to.equal('String');
    expect(() => mongooseSchemaOf(json, { asString: ['s.flg'] })).to.throw(/no such path to store as a string: s\.flg/);
  });

  it('the family application stores its sealed fields as strings', () => {
    expect(FamilyModel.schema.path('application.situation.confidentialAddress').instance).to.equal('String');
    expect(FamilyModel.schema.path('application.situation.description').instance).to.equal('String');
  });
});

/** Any value of the JSON schema's shape: its rules on lengths, patterns and ranges left aside, which the stored schema does not check. */
function shapeOf(node: Record<string, unknown>): fc.Arbitrary<unknown> {
  const of = (): fc.Arbitrary<unknown> => {
    switch (node.type) {
      case 'object': {
        const properties = node.properties as Record<string, Record<string, unknown>>;
        return fc.record(Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, shapeOf(v)])), { requiredKeys: [] });
      }
      case 'array':
        return fc.array(shapeOf(node.items as Record<string, unknown>), { maxLength: 3 });
      case 'string':
        return node.enum ? fc.constantFrom(...(node.enum as string[])) : fc.string({ unit: 'grapheme', maxLength: 20 });
      case 'integer':
        return fc.integer();
      case 'number':
        // -0 is stored as 0 by the engine: the same number.
        return fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n));
      case 'boolean':
        return fc.boolean();
      default:
        throw new Error(`no arbitrary for ${JSON.stringify(node.type)}`);
    }
  };
  return node.nullable ? fc.option(of(), { nil: null }) : of();
}

/** Drafts of a schema's type: what `shapeOf` builds follows the schema, which the compiler cannot follow. */
function draftsOf<T>(schema: JSONSchemaType<T>): fc.Arbitrary<DeepPartial<T>> {
  return shapeOf(schema as Record<string, unknown>) as fc.Arbitrary<DeepPartial<T>>;
}

describe('stored applications', () => {
  const ctx = useTestApp();
  const intake = () => ctx.app.named.intake;
  let worker: Actor;

  before(async () => {
    worker = { id: (await createUser('worker')).id, role: 'worker', name: 'Worker' };
  });

  it('any application of the schemas’ shape, sealed as FamilyService seals it, is read back as written, after create and after $set', async () => {
    const key = randomBytes(32);
    const raw = async (model: typeof FamilyModel | typeof OfferModel, id: unknown) =>
      ((await (model as typeof FamilyModel).findById(id).lean()) as { application: unknown }).application;
    await fc.assert(
      fc.asyncProperty(draftsOf(familySchema), draftsOf(offerSchema), async (family, offer) => {
        const { application } = sealWith(key, 'family:test', { application: family }, FAMILY_SEALED_PATHS);
        const f = await FamilyModel.create({ application, createdBy: { id: 'test', role: 'worker' } });
        expect(openWith(key, 'family:test', { application: await raw(FamilyModel, f._id) }, FAMILY_SEALED_PATHS).application).to.deep.equal(family);
        await FamilyModel.updateOne({ _id: f._id }, { $set: { application } });
        expect(openWith(key, 'family:test', { application: await raw(FamilyModel, f._id) }, FAMILY_SEALED_PATHS).application).to.deep.equal(family);
        const o = await OfferModel.create({ application: offer, createdBy: { id: 'test', role: 'worker' } });
        expect(await raw(OfferModel, o._id)).to.deep.equal(offer);
        await OfferModel.updateOne({ _id: o._id }, { $set: { application: offer } });
        expect(await raw(OfferModel, o._id)).to.deep.equal(offer);
      }),
      { numRuns: 40 },
    );
  });

  it('a value of the wrong type fails the write instead of being stored as another (an unsealed flag, a number as text)', async () => {
    const createdBy = { id: 'test', role: 'worker' };
    let error: unknown = null;
    await FamilyModel.create({ application: { situation: { confidentialAddress: true } }, createdBy }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/Cast to string failed/);
    const o = await OfferModel.create({ application: {}, createdBy });
    error = null;
    await OfferModel.updateOne({ _id: o._id }, { $set: { application: { dwelling: { floor: '2' } } } }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/Cast to Number failed/);
  });

  const fullFamily = (): FamilyApplication => {
    const body = familyBody();
    return {
      ...body,
      children: body.children.map((c, i) => ({ ...c, specialNeeds: i ? null : 'Asthme' })),
      expectedChild: { dueDate: day(60) },
      situation: { ...body.situation, confidentialAddress: true, description: 'Hébergée chez une amie.' },
      referral: { organisation: 'CPAS', contactName: 'A. Social', contactEmail: 'as@cpas.example', note: 'Urgent', familyConsent: true },
    };
  };
  const nullFamily = (): FamilyApplication => {
    const body = familyBody();
    return {
      ...body,
      parent: { ...body.parent, email: null, phone: null },
      expectedChild: null,
      situation: { ...body.situation, description: null },
      referral: null,
    };
  };
  const fullOffer = (): OfferApplication => ({ ...offerBody(), legal: { tenure: 'tenant', landlordConsent: true, fireInsurance: true } });
  const nullOffer = (): OfferApplication => {
    const body = offerBody();
    return { ...body, host: { ...body.host, email: null, phone: null }, houseRules: null, legal: { ...body.legal, landlordConsent: null } };
  };

  it('the SPEC examples, every optional field filled or null, go through the services (create, then update) unchanged', async () => {
    const { families, offers } = intake();
    for (const body of [fullFamily(), nullFamily()]) {
      const id = String((await families.create(worker, body))._id);
      expect((await families.load(id)).application, 'created').to.deep.equal(body);
      const started = String((await families.create(worker, { parent: { firstName: body.parent.firstName } }))._id);
      await families.update(worker, started, body);
      expect((await families.load(started)).application, 'updated').to.deep.equal(body);
    }
    for (const body of [fullOffer(), nullOffer()]) {
      const id = String((await offers.create(worker, body))._id);
      expect((await offers.load(id)).application, 'created').to.deep.equal(body);
      const started = String((await offers.create(worker, { host: { firstName: body.host.firstName } }))._id);
      await offers.update(worker, started, body);
      expect((await offers.load(started)).application, 'updated').to.deep.equal(body);
    }
  });

  it('every demo family and offer is stored as the demo wrote it', async function () {
    this.timeout(60_000);
    const { families, offers } = intake();
    const plan = buildIntakeDemo(new Date());
    // As sent in JSON: a key whose value is undefined is no value.
    const plain = (body: object) => JSON.parse(JSON.stringify(body)) as unknown;
    for (const f of plan.families)
      expect((await families.load(String((await families.create(worker, f.body))._id))).application, f.ref).to.deep.equal(plain(f.body));
    for (const o of plan.offers) expect((await offers.load(String((await offers.create(worker, o.body))._id))).application, o.ref).to.deep.equal(plain(o.body));
  });

  it('an erased family or offer keeps exactly what erasure means to keep', async () => {
    const { families, offers } = intake();
    const family = fullFamily();
    const familyId = String((await families.create(worker, family))._id);
    await pseudonymiseFamily(families, worker, familyId);
    const erasedFamily: FamilyDraft = {
      parent: { firstName: ERASED_NAME, lastName: ERASED_NAME },
      children: family.children.map((c) => ({ birthYear: c.birthYear })),
      situation: { current: family.situation.current, urgency: family.situation.urgency },
      needs: {
        communes: family.needs.communes,
        minDurationMonths: family.needs.minDurationMonths,
        maxMonthlyContribution: family.needs.maxMonthlyContribution,
      },
      benefits: { source: family.benefits.source },
    };
    expect((await families.load(familyId)).application).to.deep.equal(erasedFamily);

    const offer = fullOffer();
    const offerId = String((await offers.create(worker, offer))._id);
    await pseudonymiseOffer(offers, worker, offerId);
    const erasedOffer: OfferDraft = {
      host: { firstName: ERASED_NAME, lastName: ERASED_NAME },
      address: { postalCode: offer.address.postalCode, commune: offer.address.commune },
      dwelling: { type: offer.dwelling.type, netSurfaceM2: offer.dwelling.netSurfaceM2 },
      rooms: offer.rooms,
      contribution: { monthlyRent: offer.contribution.monthlyRent, monthlyCharges: offer.contribution.monthlyCharges },
    };
    expect((await offers.load(offerId)).application).to.deep.equal(erasedOffer);
    // Erasing a draft that holds almost nothing keeps its empty parts as empty parts.
    const draftId = String((await families.create(worker, { parent: { firstName: 'Zoé' } }))._id);
    await pseudonymiseFamily(families, worker, draftId);
    expect((await families.load(draftId)).application).to.deep.equal({
      parent: { firstName: ERASED_NAME, lastName: ERASED_NAME },
      children: [],
      situation: {},
      needs: {},
      benefits: {},
    });
  });
});
