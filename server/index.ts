import type { Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';

import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoAccounts } from '../db/seed/demo.ts';
import { seedDemoWithHistory } from '../db/seed/history.ts';
import { loadReferenceData } from '../db/seed/reference.ts';
import { seedOnce } from '../db/seed/seed-once.ts';
import { startAlertJob } from './alerts/alert-job.ts';
import { createApp } from './app.ts';
import { hashPassword } from './auth/passwords.ts';
import { loadConfig } from './config.ts';
import { startHoldExpiry } from './holds/hold-changes.ts';
import { answerClientErrors } from './http/client-errors.ts';
import { createRealtime } from './realtime/realtime.ts';
import { openDatabase } from './startup/open-database.ts';
import { installProcessPolicy } from './startup/process-policy.ts';
import { startRollupJob } from './startup/rollup-job.ts';
import { ensureWebBuilt } from './startup/web-build.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// First, so an error no code caught ends the process cleanly (exit 1) even during start-up.
const processPolicy = installProcessPolicy();

async function main() {
  const config = loadConfig();
  const { db, url: databaseUrl, embedded, close: closeDatabase } = await openDatabase(config, { root: projectRoot, log: console.log });
  await loadReferenceData(db);

  const seed = config.seedDemo === 'always' || (config.seedDemo === 'auto' && embedded);
  const seeded =
    seed &&
    (await seedOnce(db, async () => {
      // A year of synthetic history (about 20 s), so the analyst page has trends on a fresh machine;
      // its days are closed by the rollup job below, in the background. More: npm run seed:history.
      console.log('Creating demo data with one year of history…');
      await seedDemoWithHistory(db, { years: 1, passwordHash: await hashPassword(DEMO_PASSWORD) });
    }));

  const webRoot = await ensureWebBuilt(projectRoot);
  const app = createApp({ db, config }, { webRoot });
  const realtime = await createRealtime({ db, config }, { databaseUrl });
  const stopHoldExpiry = startHoldExpiry(db);
  const stopRollups = startRollupJob(db, { freshnessHours: config.freshnessHours, log: console.log });
  const stopAlerts = startAlertJob(db, config, console.error);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`\nNoodbed is running at http://localhost:${info.port}`);
    console.log(`API document: http://localhost:${info.port}/api/v1/openapi.json`);
    if (seed) {
      console.log(`\nDemo accounts${seeded ? ' (just created)' : ''}, password "${DEMO_PASSWORD}":`);
      // The name says the crisis worker's team: crisis@ and crisis2@ never see each other's cases.
      for (const account of demoAccounts) console.log(`  ${account.email.padEnd(26)} ${account.role.padEnd(14)} ${account.name}`);
      console.log(`Second step of the login: the code of TOTP secret ${DEMO_TOTP_SECRET} (any authenticator app),`);
      console.log('or run `npm run demo:code` in another terminal to print the current code.');
    }
    console.log('\nPress Ctrl-C to stop.');
  });
  realtime.attach(server as Server);
  answerClientErrors(server as Server);

  let stopping = false;
  const stop = async (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    stopHoldExpiry();
    stopRollups();
    await stopAlerts();
    await realtime.close();
    server.close();
    await closeDatabase();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => stop());
  process.on('SIGTERM', () => stop());
  processPolicy.onFatal(() => stop(1));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
