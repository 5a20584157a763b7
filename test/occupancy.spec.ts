// SPEC §6.1: the bedrooms a family needs (the service's adequacy policy) and exact ages at the
// move-in date, against an exhaustive search over every way of putting the children in rooms.
import { expect } from 'chai';
import fc from 'fast-check';
import { ageOn, bedroomsNeeded, staysPartTime, type ChildAtMoveIn, type Custody } from '../src/kernel/housing-norms.js';
import { ruleSetFor } from '../src/kernel/rulesets.js';

const NORM = ruleSetFor(new Date('2026-06-01')).occupancy;
const rooms = (children: ChildAtMoveIn[]) => bedroomsNeeded(children, NORM);
const kid = (age: number, sex: 'f' | 'm' | 'x', more: Partial<ChildAtMoveIn> = {}): ChildAtMoveIn => ({ age, sex, ...more });

/** The rules read literally, solved by trying every grouping of the resident children into rooms of one or two. */
function bruteForce(children: ChildAtMoveIn[]): number {
  const withParent = (c: ChildAtMoveIn) => c.age < NORM.ownRoomFromAge && !c.needsOwnRoom;
  const partTime = children.filter((c) => staysPartTime(c.custody) && !withParent(c));
  const resident = children.filter((c) => !staysPartTime(c.custody) && !withParent(c));
  const alone = (c: ChildAtMoveIn) => c.needsOwnRoom === true || c.age >= NORM.adultChildFromAge;
  const mayShare = (a: ChildAtMoveIn, b: ChildAtMoveIn) =>
    !alone(a) && !alone(b) && (a.sex === b.sex || (a.age < NORM.separateSexesFromAge && b.age < NORM.separateSexesFromAge));
  const best = (left: ChildAtMoveIn[]): number => {
    if (left.length === 0) return 0;
    const [first, ...rest] = left;
    let fewest = 1 + best(rest);
    rest.forEach((other, k) => {
      if (mayShare(first!, other)) fewest = Math.min(fewest, 1 + best(rest.filter((_, i) => i !== k)));
    });
    return fewest;
  };
  return 1 + best(resident) + (partTime.length > 0 ? 1 : 0);
}

const child = fc.record({
  age: fc.integer({ min: 0, max: 25 }),
  sex: fc.constantFrom('f' as const, 'm' as const, 'x' as const),
  custody: fc.constantFrom<Custody>('full', 'full', 'alternate', 'weekends', 'occasional'),
  needsOwnRoom: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
});

describe('occupancy: bedrooms needed, the service adequacy policy (SPEC §6.1)', () => {
  it('an adult child (18–25) has a room of their own', () => {
    expect(rooms([kid(19, 'f'), kid(5, 'f')])).to.equal(3);
    expect(rooms([kid(17, 'f'), kid(5, 'f')])).to.equal(2);
    expect(rooms([kid(18, 'm'), kid(20, 'm')])).to.equal(3);
  });
  it('a child whose disability needs it has a room of their own, a baby too', () => {
    expect(rooms([kid(6, 'm', { needsOwnRoom: true }), kid(4, 'm')])).to.equal(3);
    expect(rooms([kid(1, 'f', { needsOwnRoom: true })])).to.equal(2);
  });
  it('children at weekends or now and then share one extra room in total; babies stay with the parent', () => {
    expect(rooms([kid(8, 'f', { custody: 'weekends' }), kid(12, 'm', { custody: 'occasional' }), kid(14, 'f', { custody: 'weekends' })])).to.equal(2);
    expect(rooms([kid(1, 'm', { custody: 'weekends' })])).to.equal(1);
    // Alternate custody counts fully: the boy of 12 cannot share with the girl of 11.
    expect(rooms([kid(11, 'f', { custody: 'alternate' }), kid(12, 'm', { custody: 'alternate' }), kid(7, 'm', { custody: 'weekends' })])).to.equal(4);
  });
  it('gives the fewest rooms the rules allow, for any family (exhaustive search)', () => {
    fc.assert(
      fc.property(fc.array(child, { maxLength: 7 }), (children) => rooms(children) === bruteForce(children)),
      { numRuns: 2000 },
    );
  });
  it('is monotone: one more child, or a child a year older, never needs fewer rooms', () => {
    fc.assert(fc.property(fc.array(child, { maxLength: 6 }), child, (children, extra) => rooms([...children, extra]) >= rooms(children)));
    fc.assert(
      fc.property(fc.array(child, { minLength: 1, maxLength: 6 }), fc.nat(), (children, pick) => {
        const k = pick % children.length;
        const older = children.map((c, i) => (i === k ? { ...c, age: Math.min(25, c.age + 1) } : c));
        return rooms(older) >= rooms(children);
      }),
    );
  });
});

describe('occupancy: exact ages at the move-in date', () => {
  it('a known birth month counts from its first day', () => {
    expect(ageOn({ birthYear: 2016, birthMonth: 12 }, new Date('2026-11-30T00:00:00Z'))).to.equal(9);
    expect(ageOn({ birthYear: 2016, birthMonth: 12 }, new Date('2026-12-01T00:00:00Z'))).to.equal(10);
    expect(ageOn({ birthYear: 2016, birthMonth: 1 }, new Date('2026-01-01T00:00:00Z'))).to.equal(10);
  });
  it('a birth year alone counts as 1 July; never below 0', () => {
    expect(ageOn({ birthYear: 2008 }, new Date('2026-06-30T00:00:00Z'))).to.equal(17);
    expect(ageOn({ birthYear: 2008, birthMonth: null }, new Date('2026-07-01T00:00:00Z'))).to.equal(18);
    expect(ageOn({ birthYear: 2027 }, new Date('2026-07-01T00:00:00Z'))).to.equal(0);
  });
});
