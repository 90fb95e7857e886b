import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';

import { cliArguments, EXIT, runCli, UsageError } from '../../db/cli.ts';
import { createDb, migrateToLatest } from '../../db/database.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../../db/embedded.ts';
import { loadConfig } from '../config.ts';
import { Problem } from '../errors.ts';
import { OPERATOR } from '../policy/operator.ts';
import { createUser } from './users.repository.ts';
import { NewUser } from './users.schema.ts';

const USAGE = `Usage: npm run user:create -- --email EMAIL --name "NAME" [--role admin] [--organisation ID]

Makes a user, by default the first admin of a fresh production database (DATABASE_URL), or of the
embedded database when DATABASE_URL is not set. The password is read from NOODBED_PASSWORD or asked.
Roles: admin, shelter_staff (--organisation: their shelter), crisis_worker (--organisation: their Veilig
Thuis team, an organisation of kind veilig_thuis), analyst.`;

/** Asks for the password without echoing it on a terminal; piped input works too. */
async function askPassword(): Promise<string> {
  process.stdout.write('Password (at least 12 characters, not shown): ');
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: Boolean(process.stdin.isTTY) });
  const answer = await rl.question('');
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function main(): Promise<number> {
  const values = cliArguments({
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'admin' },
    organisation: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (!values.email || !values.name) throw new UsageError('--email and --name are required.');
  const password = process.env.NOODBED_PASSWORD || (await askPassword());
  // The same rules as POST /api/v1/users: a script is no back door around them.
  const parsed = NewUser.safeParse({ email: values.email, name: values.name, role: values.role, organisationId: values.organisation ?? null, password });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${issue.path.join('.') || 'input'}: ${issue.message}`);
    return EXIT.usage;
  }
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(resolve(config.dataDir));
  if (embedded) await ensureDatabase(embedded, 'noodbed');
  const db = createDb(config.databaseUrl ?? embedded!.url('noodbed'));
  try {
    // A fresh production database has no tables yet: this may run before the server ever started.
    await migrateToLatest(db);
    const user = parsed.data;
    // The operator asks the policy and the same domain function as POST /api/v1/users.
    const id = await createUser({ db, actor: OPERATOR }, user);
    console.log(`Created ${user.role} ${user.email} (${id}).`);
    return EXIT.ok;
  } catch (error) {
    const reason = error instanceof Problem ? error.detail : error instanceof Error ? error.message : String(error);
    console.error(`Could not create the user: ${reason}`);
    return EXIT.failed;
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

runCli(USAGE, main);
