import { generateSync } from 'otplib';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../db/seed/demo.ts';

/** Logs a demo account in and returns its session cookie, for benchmark clients. */
export async function login(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/sessions`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: baseUrl }, body: JSON.stringify({ email, password: DEMO_PASSWORD, code: generateSync({ secret: DEMO_TOTP_SECRET }) }),
  });
  if (response.status !== 201) throw new Error(`login failed: ${response.status}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}
