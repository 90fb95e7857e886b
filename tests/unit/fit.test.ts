import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Accessibility, Household, Serves } from '../../db/schema.ts';
import { fitFailures, type FitPlace, type FitRequest, type FitRule } from '../../server/requests/fit.ts';

// The fit rules of docs/definition.md, one row per rule and boundary. Each row starts from a place
// and a household that fit and changes one thing, so the rule it names is the only one that can fail.

const FAMILY_UNIT: FitPlace = {
  kind: 'family_unit',
  beds: 4,
  maxAdults: 2,
  maxChildren: 3,
  maxBoyAge: 12,
  accessibility: 'limited_mobility',
  petsAllowed: false,
  serves: 'women',
  regionCode: 'VR09',
};
const BED: FitPlace = { ...FAMILY_UNIT, kind: 'bed', beds: 1, maxAdults: 1, maxChildren: 0, maxBoyAge: null };

const mother = { gender: 'female' } as const;
const son = (age: number) => ({ age, sex: 'male' as const });
const daughter = (age: number) => ({ age, sex: 'female' as const });

function request(household: Household, needs: Partial<Omit<FitRequest, 'household'>> = {}): FitRequest {
  return { household, accessibility: 'none', pet: false, avoidRegions: [], ...needs };
}

const rulesBroken = (place: FitPlace, req: FitRequest) => fitFailures(place, req).map((f) => f.rule);

describe('fit rules, one at a time', () => {
  const cases: Array<[string, FitPlace, FitRequest, FitRule[]]> = [
    // bed: exactly one adult, no children
    ['bed, one woman', BED, request({ adults: [mother], children: [] }), []],
    ['bed, one woman with a child', BED, request({ adults: [mother], children: [daughter(3)] }), ['kind']],
    ['bed, two adults', BED, request({ adults: [mother, mother], children: [] }), ['kind']],
    // family unit: adults, children, beds
    ['unit, two adults two children', FAMILY_UNIT, request({ adults: [mother, mother], children: [daughter(3), daughter(5)] }), []],
    ['unit, more adults than maxAdults', { ...FAMILY_UNIT, maxAdults: 1 }, request({ adults: [mother, mother], children: [daughter(3)] }), ['maxAdults']],
    ['unit, children at maxChildren', FAMILY_UNIT, request({ adults: [mother], children: [daughter(1), daughter(2), daughter(3)] }), []],
    [
      'unit, more children than maxChildren',
      { ...FAMILY_UNIT, beds: 6 },
      request({ adults: [mother], children: [daughter(1), daughter(2), daughter(3), daughter(4)] }),
      ['maxChildren'],
    ],
    ['unit, people equal to beds', { ...FAMILY_UNIT, beds: 3 }, request({ adults: [mother], children: [daughter(1), daughter(2)] }), []],
    ['unit, more people than beds', { ...FAMILY_UNIT, beds: 3 }, request({ adults: [mother, mother], children: [daughter(1), daughter(2)] }), ['beds']],
    // sons: age ≤ maxBoyAge; daughters of any age are unaffected
    ['unit, son of 12 with maxBoyAge 12', FAMILY_UNIT, request({ adults: [mother], children: [son(12)] }), []],
    ['unit, son of 13 with maxBoyAge 12', FAMILY_UNIT, request({ adults: [mother], children: [son(13)] }), ['boyAge']],
    ['unit, oldest of two sons too old', FAMILY_UNIT, request({ adults: [mother], children: [son(4), son(13)] }), ['boyAge']],
    ['unit, daughter of 17 with maxBoyAge 12', FAMILY_UNIT, request({ adults: [mother], children: [daughter(17)] }), []],
    ['unit, son of 17 without maxBoyAge', { ...FAMILY_UNIT, maxBoyAge: null }, request({ adults: [mother], children: [son(17)] }), []],
    ['unit, son of 1 with maxBoyAge 0', { ...FAMILY_UNIT, maxBoyAge: 0 }, request({ adults: [mother], children: [son(1)] }), ['boyAge']],
    ['unit, son of 0 with maxBoyAge 0', { ...FAMILY_UNIT, maxBoyAge: 0 }, request({ adults: [mother], children: [son(0)] }), []],
    // the location serves the adults' gender
    ['women only, a man', BED, request({ adults: [{ gender: 'male' }], children: [] }), ['serves']],
    ['men only, a man', { ...BED, serves: 'men' }, request({ adults: [{ gender: 'male' }], children: [] }), []],
    ['men only, a woman', { ...BED, serves: 'men' }, request({ adults: [mother], children: [] }), ['serves']],
    ['women only, a woman and a man', FAMILY_UNIT, request({ adults: [mother, { gender: 'male' }], children: [] }), ['serves']],
    ['women only, gender other', BED, request({ adults: [{ gender: 'other' }], children: [] }), ['serves']],
    ['all, gender other', { ...BED, serves: 'all' }, request({ adults: [{ gender: 'other' }], children: [] }), []],
    ['all, a woman and a man', { ...FAMILY_UNIT, serves: 'all' }, request({ adults: [mother, { gender: 'male' }], children: [son(2)] }), []],
    // pets and avoided regions
    ['pet where pets are not allowed', BED, request({ adults: [mother], children: [] }, { pet: true }), ['pets']],
    ['pet where pets are allowed', { ...BED, petsAllowed: true }, request({ adults: [mother], children: [] }, { pet: true }), []],
    ['in an avoided region', BED, request({ adults: [mother], children: [] }, { avoidRegions: ['VR13', 'VR09'] }), ['avoidedRegion']],
    ['outside the avoided regions', BED, request({ adults: [mother], children: [] }, { avoidRegions: ['VR13'] }), []],
  ];

  it.each(cases)('%s', (_name, place, req, expected) => {
    expect(rulesBroken(place, req)).toEqual(expected);
  });

  it('explains a near miss with its numbers', () => {
    const [failure] = fitFailures(FAMILY_UNIT, request({ adults: [mother], children: [son(13)] }));
    expect(failure).toEqual({ rule: 'boyAge', message: 'sons up to 12; this household has a son of 13', params: { max: 12, age: 13 } });
    const [beds] = fitFailures({ ...FAMILY_UNIT, beds: 2 }, request({ adults: [mother], children: [daughter(1), daughter(2)] }));
    expect(beds).toMatchObject({ rule: 'beds', params: { beds: 2, people: 3 } });
  });

  it('reports every broken rule, not only the first', () => {
    const household = { adults: [{ gender: 'male' as const }], children: [son(15)] };
    expect(rulesBroken(FAMILY_UNIT, request(household, { pet: true, accessibility: 'wheelchair', avoidRegions: ['VR09'] })).sort()).toEqual([
      'accessibility',
      'avoidedRegion',
      'boyAge',
      'pets',
      'serves',
    ]);
  });
});

describe('accessibility: none < limited_mobility < wheelchair', () => {
  const LEVELS: Accessibility[] = ['none', 'limited_mobility', 'wheelchair'];
  const pairs = LEVELS.flatMap((need, i) => LEVELS.map((offers, j) => [need, offers, j >= i] as const));

  it.each(pairs)('need %s, place offers %s: fits %s', (need, offers, fits) => {
    const broken = rulesBroken({ ...BED, accessibility: offers }, request({ adults: [mother], children: [] }, { accessibility: need }));
    expect(broken).toEqual(fits ? [] : ['accessibility']);
  });
});

// Properties over every combination the API can produce.
type Gender = Household['adults'][number]['gender'];
type Sex = Household['children'][number]['sex'];
const REGIONS = ['VR01', 'VR09', 'VR13'];
const level = (a: Accessibility) => ['none', 'limited_mobility', 'wheelchair'].indexOf(a);
const accessibility = fc.constantFrom<Accessibility>('none', 'limited_mobility', 'wheelchair');
const arbPlace: fc.Arbitrary<FitPlace> = fc.oneof(
  fc
    .record({ accessibility, petsAllowed: fc.boolean(), serves: fc.constantFrom<Serves>('women', 'men', 'all'), regionCode: fc.constantFrom(...REGIONS) })
    .map((rest) => ({ ...BED, ...rest })),
  fc.record({
    kind: fc.constant('family_unit' as const),
    beds: fc.integer({ min: 2, max: 8 }),
    maxAdults: fc.integer({ min: 1, max: 2 }),
    maxChildren: fc.integer({ min: 1, max: 6 }),
    maxBoyAge: fc.option(fc.integer({ min: 0, max: 17 }), { nil: null }),
    accessibility,
    petsAllowed: fc.boolean(),
    serves: fc.constantFrom<Serves>('women', 'men', 'all'),
    regionCode: fc.constantFrom(...REGIONS),
  }),
);
const arbRequest: fc.Arbitrary<FitRequest> = fc.record({
  household: fc.record({
    adults: fc.array(fc.record({ gender: fc.constantFrom<Gender>('female', 'male', 'other') }), { minLength: 1, maxLength: 2 }),
    children: fc.array(fc.record({ age: fc.integer({ min: 0, max: 17 }), sex: fc.constantFrom<Sex>('female', 'male') }), { maxLength: 6 }),
  }),
  accessibility,
  pet: fc.boolean(),
  avoidRegions: fc.subarray(REGIONS),
});

/** The definition's rules written out again, independently of fit.ts, as the oracle. */
function fitsByDefinition(place: FitPlace, req: FitRequest): boolean {
  const { adults, children } = req.household;
  const size =
    place.kind === 'bed'
      ? adults.length === 1 && children.length === 0
      : adults.length <= place.maxAdults &&
        children.length <= place.maxChildren &&
        adults.length + children.length <= place.beds &&
        children.every((c) => c.sex !== 'male' || place.maxBoyAge === null || c.age <= place.maxBoyAge);
  const gender = place.serves === 'women' ? 'female' : 'male';
  const served = place.serves === 'all' || adults.every((a) => a.gender === gender);
  return (
    size && served && level(req.accessibility) <= level(place.accessibility) && (!req.pet || place.petsAllowed) && !req.avoidRegions.includes(place.regionCode)
  );
}

describe('fit properties', () => {
  it('a place fits exactly when the definition says so, and every failure names a broken rule', () => {
    fc.assert(
      fc.property(arbPlace, arbRequest, (place, req) => {
        const failures = fitFailures(place, req);
        expect(failures.length === 0).toBe(fitsByDefinition(place, req));
        expect(new Set(failures.map((f) => f.rule)).size).toBe(failures.length);
      }),
      { numRuns: 5_000 },
    );
  });

  it('adding a constraint to a request never adds a match', () => {
    const addConstraint = fc.oneof(
      fc.constant((r: FitRequest): FitRequest => ({ ...r, pet: true })),
      fc.constantFrom(...REGIONS).map((code) => (r: FitRequest): FitRequest => ({ ...r, avoidRegions: [...r.avoidRegions, code] })),
      accessibility.map((need) => (r: FitRequest): FitRequest => ({
        ...r,
        accessibility: level(need) > level(r.accessibility) ? need : r.accessibility,
      })),
      fc
        .record({ age: fc.integer({ min: 0, max: 17 }), sex: fc.constantFrom<Sex>('female', 'male') })
        .map((child) => (r: FitRequest): FitRequest => ({ ...r, household: { ...r.household, children: [...r.household.children, child] } })),
    );
    fc.assert(
      fc.property(fc.array(arbPlace, { minLength: 1, maxLength: 20 }), arbRequest, addConstraint, (places, req, constrain) => {
        const matches = (r: FitRequest) => places.filter((p) => fitFailures(p, r).length === 0).length;
        expect(matches(constrain(req))).toBeLessThanOrEqual(matches(req));
      }),
      { numRuns: 2_000 },
    );
  });

  it('making a place more generous never breaks a fit', () => {
    const loosen = (p: FitPlace): FitPlace =>
      p.kind === 'bed'
        ? { ...p, accessibility: 'wheelchair', petsAllowed: true, serves: 'all' }
        : {
            ...p,
            beds: p.beds + 2,
            maxAdults: 2,
            maxChildren: p.maxChildren + 2,
            maxBoyAge: null,
            accessibility: 'wheelchair',
            petsAllowed: true,
            serves: 'all',
          };
    fc.assert(
      fc.property(arbPlace, arbRequest, (place, req) => {
        if (fitFailures(place, req).length === 0) expect(fitFailures(loosen(place), req)).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
  });
});
