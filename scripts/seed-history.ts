import { cliArguments, EXIT, runCli, UsageError } from '../db/cli.ts';
import { DEMO_PASSWORD } from '../db/seed/demo.ts';
import { seedDemoWithHistory } from '../db/seed/history.ts';
import { loadReferenceData } from '../db/seed/reference.ts';
import { hashPassword } from '../server/auth/passwords.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/startup/open-database.ts';
import { closeAllDays } from '../server/statistics/close-all-days.ts';

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
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor((done / total) * 100)).padStart(3)}%  ${phase} ${done}/${total}  ${seconds} s   `,
  );
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
  const { db, close } = await openDatabase(config);
  started = Date.now();
  try {
    await loadReferenceData(db);
    const result = await seedDemoWithHistory(db, { years, passwordHash: await hashPassword(DEMO_PASSWORD), progress: progressBar });
    const closed = await closeAllDays(db, { freshnessHours: config.freshnessHours, progress: progressBar });
    console.log(
      `${result.events.toLocaleString('en')} place events, ${result.requests.toLocaleString('en')} placement requests, ${closed} days closed in ${Math.round((Date.now() - started) / 1000)} s.`,
    );
    return EXIT.ok;
  } finally {
    await close();
  }
}

runCli(USAGE, main);
