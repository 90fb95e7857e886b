import type { z } from '@hono/zod-openapi';

import { DEFINITION_VERSION } from '../definition.ts';
import { csvColumns } from '../statistics/csv.ts';
import type { DataPackageSchema } from '../statistics/datapackage.schema.ts';
import { DISCLOSURE_VERSION } from '../statistics/disclosure.ts';
import { OPEN_TABLES } from './open-columns.ts';

/** GET /open/datapackage: the open-data CSV files described from the same column lists. */
export function openDataPackage(apiBase: string): z.infer<typeof DataPackageSchema> {
  return {
    profile: 'tabular-data-package',
    name: 'noodbed-open-data',
    title: 'Noodbed open data: signed-off quarterly figures on emergency shelter places',
    description:
      'Figures signed off by each region (and nationally), frozen as signed off. Aggregates only; household counts ' +
      'pass disclosure control and hidden ones are "x". No login needed.',
    definitionVersion: DEFINITION_VERSION,
    disclosureVersion: DISCLOSURE_VERSION,
    resources: Object.entries(OPEN_TABLES).map(([name, table]) => ({
      profile: 'tabular-data-resource' as const,
      name,
      title: table.title,
      path: `${apiBase}/open/${name}?format=csv`,
      format: 'csv' as const,
      mediatype: 'text/csv' as const,
      encoding: 'utf-8' as const,
      dialect: { delimiter: ',', lineTerminator: '\r\n', header: true },
      schema: {
        fields: csvColumns(table.columns).map((c) => ({ name: c.name, type: c.type, description: c.description })),
        missingValues: [...table.missingValues],
      },
    })),
  };
}
