import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createDb, migrateToLatest } from '../../db/database.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../../db/embedded.ts';
import { ROLES } from '../auth/sessions.schema.ts';
import { loadConfig } from '../config.ts';
import { createUser } from './users.repository.ts';

const USAGE = `Usage: npm run user:create -- --email EMAIL --name "NAME" [--role admin] [--organisation ID]

Makes a user, by default the first admin of a fresh production database (DATABASE_URL), or of the
embedded database when DATABASE_URL is not set. The password is read from NOODBED_PASSWORD or asked.`;

async function main() {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'admin' }, organisation: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || !values.email || !values.name || !ROLES.includes(values.role as never)) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  let password = process.env.NOODBED_PASSWORD;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question('Password (at least 12 characters): ');
    rl.close();
  }
  if (password.length < 12) {
    console.error('The password must have at least 12 characters.');
    process.exit(2);
  }
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(resolve(config.dataDir));
  if (embedded) await ensureDatabase(embedded, 'noodbed');
  const db = createDb(config.databaseUrl ?? embedded!.url('noodbed'));
  try {
    await migrateToLatest(db);
    const id = await createUser(db, {
      email: values.email, name: values.name, role: values.role as (typeof ROLES)[number], organisationId: values.organisation ?? null, password,
    }, null);
    console.log(`Created ${values.role} ${values.email} (${id}).`);
  } catch (error) {
    console.error(`Could not create the user: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

main();
