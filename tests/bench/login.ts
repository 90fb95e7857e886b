import { DEMO_PASSWORD } from '../../db/seed/demo.ts';
import { totpCodeFor } from '../helpers/client.ts';

/**
 * Logs a demo account in (password and the demo's public second factor) and returns its session
 * cookie, for benchmark clients. The bench server runs in demo mode, or the demo password opens nothing.
 */
export async function login(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseUrl },
    body: JSON.stringify({ email, password: DEMO_PASSWORD, code: await totpCodeFor(email) }),
  });
  if (response.status !== 201) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const { stage } = (await response.json()) as { stage: string };
  if (stage !== 'complete') throw new Error(`login of ${email} stopped at stage ${stage}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}
