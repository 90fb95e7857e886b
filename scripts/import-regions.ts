import { readFile } from 'node:fs/promises';

import { cliArguments, EXIT, runCli, UsageError } from '../db/cli.ts';
import { importRegionScheme, REGION_CSV_COLUMNS, RegionImportError } from '../db/region-import.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/startup/open-database.ts';

const USAGE = `Usage: npm run regions:import -- --scheme CODE --name "NAME" --file FILE.csv [--valid-from YYYY-MM-DD]

Loads a region scheme (e.g. centrumgemeente_vrouwenopvang) from a CSV with a header row:
  ${REGION_CSV_COLUMNS.join(',')}
such as an export of CBS table 86059NED "Gebieden in Nederland". Uses DATABASE_URL, or the embedded
database of \`npm start\` when it is not set (stop \`npm start\` first).`;

async function main(): Promise<number> {
  const values = cliArguments({
    scheme: { type: 'string' },
    name: { type: 'string' },
    file: { type: 'string' },
    'valid-from': { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (!values.scheme || !values.name || !values.file) throw new UsageError('--scheme, --name and --file are required.');
  const validFrom = values['valid-from'] ?? `${new Date().getUTCFullYear()}-01-01`;
  if (!isCalendarDate(validFrom)) throw new UsageError(`--valid-from "${validFrom}" must be a date between 2000 and 2100 like 2026-01-01.`);
  // Read before anything starts: a file that cannot be read is the caller's to fix.
  const csv = await readFile(values.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--file ${values.file}: cannot be read (${error.code ?? error.message}).`);
  });
  const { db, close } = await openDatabase(loadConfig());
  try {
    const result = await importRegionScheme(db, { scheme: values.scheme, schemeName: values.name, validFrom, csv });
    console.log(`Imported scheme ${values.scheme}: ${result.regions} regions, ${result.municipalities} municipalities.`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof RegionImportError)) throw error;
    console.error(error.message);
    return EXIT.failed;
  } finally {
    await close();
  }
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(date.getTime()) &&
    date.toISOString().startsWith(value) &&
    date.getUTCFullYear() >= 2000 &&
    date.getUTCFullYear() <= 2100
  );
}

runCli(USAGE, main);
