import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type Client, DEMO, loginAs } from '../helpers/client.ts';
import { newRequest, SINGLE_WOMAN } from '../helpers/factories.ts';

// Issue 14, honest waiting: 2 adults, 6 children, a wheelchair and a pet, where no place takes more
// than 5 children — the page must not promise an alert that can never come.

let t: TestApp;
let crisis: Client;
let otherTeam: Client;

const LARGE_FAMILY = {
  originRegion: 'VR09',
  household: {
    adults: [{ gender: 'female' }, { gender: 'male' }],
    children: [1, 3, 5, 7, 9, 11].map((age, i) => ({ age, sex: i % 2 ? 'male' : 'female' })),
  },
  needs: { accessibility: 'wheelchair', pet: true },
  urgency: 'now',
};

beforeAll(async () => {
  t = await createTestApp('demo');
  [crisis, otherTeam] = await Promise.all([loginAs(t.app, DEMO.crisis), loginAs(t.app, DEMO.crisis2)]);
});
afterAll(() => t.drop());

const couldFit = async (client: Client, id: string) => {
  const response = await client.get(`/placement-requests/${id}/fit-anywhere`);
  return { status: response.status, body: response.status === 200 ? ((await response.json()) as { couldFit: boolean }) : null };
};

describe('whether an alert can ever come', () => {
  it("says no for a household no place in the registry takes, whatever the places' status", async () => {
    const { maxChildren } = await t.db
      .selectFrom('places')
      .select((eb) => eb.fn.max('max_children').as('maxChildren'))
      .executeTakeFirstOrThrow();
    expect(maxChildren).toBeLessThan(6);
    const request = await newRequest(crisis, LARGE_FAMILY);
    expect(await couldFit(crisis, request.id)).toEqual({ status: 200, body: { couldFit: false } });
  });

  it('says yes when some place fits, even if none is free now', async () => {
    const request = await newRequest(crisis, SINGLE_WOMAN);
    await t.db.updateTable('places').set({ status: 'occupied', unavailable_reason: null }).where('kind', '=', 'bed').execute();
    expect(await couldFit(crisis, request.id)).toEqual({ status: 200, body: { couldFit: true } });
  });

  it("is the team's own business: another team gets 403", async () => {
    const request = await newRequest(crisis, SINGLE_WOMAN);
    expect((await couldFit(otherTeam, request.id)).status).toBe(403);
  });
});
