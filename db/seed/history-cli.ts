import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '../../server/auth/passwords.ts';
import { loadConfig } from '../../server/config.ts';
import { createDb, migrateToLatest } from '../database.ts';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from '../embedded.ts';
import { DEMO_PASSWORD } from './demo.ts';
import { seedDemoWithHistory } from './history.ts';
import { loadReferenceData } from './reference.ts';

// `npm run seed:history -- --years 5`: the demo with years of synthetic history, into DATABASE_URL or,
// like `npm start`, the embedded database in DATA_DIR. The database must be empty (see history.ts).

const { values } = parseArgs({ options: { years: { type: 'string', default: '5' } } });
const years = Number(values.years);
if (!(years > 0 && years <= 20)) {
  console.error('--years must be a number of years between 0 and 20');
  process.exit(2);
}

/** One line on stderr, redrawn in place: `[#####-----]  50%  closing days 900/1826  95 s`. */
function progressBar(phase: string, done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const seconds = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor((done / total) * 100)).padStart(3)}%  ${phase} ${done}/${total}  ${seconds} s   `);
  if (done === total) process.stderr.write('\n');
}

const config = loadConfig();
let embedded: EmbeddedServer | undefined;
let databaseUrl = config.databaseUrl;
if (!databaseUrl) {
  embedded = await startEmbeddedPostgres(resolve(config.dataDir));
  await ensureDatabase(embedded, 'noodbed');
  databaseUrl = embedded.url('noodbed');
}
const db = createDb(databaseUrl);
const started = Date.now();
try {
  await migrateToLatest(db);
  await loadReferenceData(db);
  const result = await seedDemoWithHistory(db, {
    years, passwordHash: await hashPassword(DEMO_PASSWORD), freshnessHours: config.freshnessHours, progress: progressBar,
  });
  console.log(`${result.events.toLocaleString('en')} place events, ${result.requests.toLocaleString('en')} placement requests, ${result.closed} days closed in ${Math.round((Date.now() - started) / 1000)} s.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
  await embedded?.stop();
}
