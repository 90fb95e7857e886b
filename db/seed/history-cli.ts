import { resolve } from 'node:path';
import { hashPassword } from '../../server/auth/passwords.ts';
import { loadConfig } from '../../server/config.ts';
import { cliArguments, EXIT, runCli, UsageError } from '../cli.ts';
import { createDb, migrateToLatest } from '../database.ts';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from '../embedded.ts';
import { DEMO_PASSWORD } from './demo.ts';
import { seedDemoWithHistory } from './history.ts';
import { loadReferenceData } from './reference.ts';

// `npm run seed:history -- --years 5`: the demo with years of synthetic history, into DATABASE_URL or,
// like `npm start`, the embedded database in DATA_DIR. The database must be empty (see history.ts).

const USAGE = `Usage: npm run seed:history -- [--years N]

Fills an empty database (DATABASE_URL, or the embedded one in DATA_DIR) with the demo and N years
(default 5, at most 20) of synthetic history.`;

/** One line on stderr, redrawn in place: `[#####-----]  50%  closing days 900/1826  95 s`. */
function progressBar(phase: string, done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const seconds = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor((done / total) * 100)).padStart(3)}%  ${phase} ${done}/${total}  ${seconds} s   `);
  if (done === total) process.stderr.write('\n');
}

let started = Date.now();

async function main(): Promise<number> {
  const values = cliArguments({ years: { type: 'string', default: '5' }, help: { type: 'boolean' } });
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const years = Number(values.years);
  if (!(years > 0 && years <= 20)) throw new UsageError('--years must be a number of years between 0 and 20');

  const config = loadConfig();
  let embedded: EmbeddedServer | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(resolve(config.dataDir));
    await ensureDatabase(embedded, 'noodbed');
    databaseUrl = embedded.url('noodbed');
  }
  const db = createDb(databaseUrl);
  started = Date.now();
  try {
    await migrateToLatest(db);
    await loadReferenceData(db);
    const result = await seedDemoWithHistory(db, {
      years, passwordHash: await hashPassword(DEMO_PASSWORD), freshnessHours: config.freshnessHours, progress: progressBar,
    });
    console.log(`${result.events.toLocaleString('en')} place events, ${result.requests.toLocaleString('en')} placement requests, ${result.closed} days closed in ${Math.round((Date.now() - started) / 1000)} s.`);
    return EXIT.ok;
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

runCli(USAGE, main);
