import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadConfig } from '../server/config.ts';
import { createDb, migrateToLatest } from './database.ts';
import { ensureDatabase, startEmbeddedPostgres } from './embedded.ts';
import { importRegionScheme, REGION_CSV_COLUMNS, RegionImportError } from './region-import.ts';

const USAGE = `Usage: npm run regions:import -- --scheme CODE --name "NAME" --file FILE.csv [--valid-from YYYY-MM-DD]

Loads a region scheme (e.g. centrumgemeente_vrouwenopvang) from a CSV with a header row:
  ${REGION_CSV_COLUMNS.join(',')}
such as an export of CBS table 86059NED "Gebieden in Nederland". Uses DATABASE_URL, or the embedded
database of \`npm start\` when it is not set (stop \`npm start\` first).`;

async function main() {
  const { values } = parseArgs({
    options: { scheme: { type: 'string' }, name: { type: 'string' }, file: { type: 'string' }, 'valid-from': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || !values.scheme || !values.name || !values.file) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(resolve(config.dataDir));
  if (embedded) await ensureDatabase(embedded, 'noodbed');
  const db = createDb(config.databaseUrl ?? embedded!.url('noodbed'));
  try {
    await migrateToLatest(db);
    const result = await importRegionScheme(db, {
      scheme: values.scheme,
      schemeName: values.name,
      validFrom: values['valid-from'] ?? `${new Date().getUTCFullYear()}-01-01`,
      csv: await readFile(values.file, 'utf8'),
    });
    console.log(`Imported scheme ${values.scheme}: ${result.regions} regions, ${result.municipalities} municipalities.`);
  } catch (error) {
    console.error(error instanceof RegionImportError ? error.message : error);
    process.exitCode = 1;
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

main();
