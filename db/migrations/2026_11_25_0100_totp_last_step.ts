import { type Kysely, sql } from 'kysely';

// A TOTP code is good for its 30-second step and one either side: without a record of the last step
// a factor accepted, a code seen over a shoulder or relayed by a phishing page logs in a second time
// within that minute and a half (RFC 6238 section 5.2: a verifier must not accept the same OTP twice).
// Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE user_factors ADD COLUMN totp_last_step bigint`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE user_factors DROP COLUMN totp_last_step`.execute(db);
}
