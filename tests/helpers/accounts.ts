import { randomUUID } from 'node:crypto';

import type { Role } from '../../db/schema.ts';
import { type Client, loginAs } from './client.ts';
import { testName } from './factories.ts';

type App = Parameters<typeof loginAs>[0];

const PASSWORD = 'a-long-test-password';

/**
 * A new account (made by an admin through the API) and a client logged in as it. Concurrency tests
 * use several, as many people would: one account's requests share that account's locks and limits.
 * A crisis worker without a team named gets a team of their own (made through the API too).
 */
export async function newAccount(app: App, admin: Client, role: Role, organisationId: string | null = null): Promise<Client> {
  const email = `${role}-${randomUUID().slice(0, 8)}@test.noodbed.nl`;
  if (role === 'crisis_worker' && organisationId === null) {
    const team = await admin.post('/organisations', { name: `Veilig Thuis ${testName()}`, kind: 'veilig_thuis' });
    if (team.status !== 201) throw new Error(`team not created: ${team.status} ${await team.text()}`);
    organisationId = ((await team.json()) as { id: string }).id;
  }
  const response = await admin.post('/users', { email, name: `Test ${role}`, role, organisationId, password: PASSWORD });
  if (response.status !== 201) throw new Error(`user not created: ${response.status} ${await response.text()}`);
  return loginAs(app, email, PASSWORD);
}
