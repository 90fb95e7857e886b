import { z } from '@hono/zod-openapi';

const Field = z.object({
  name: z.string().openapi({ example: 'period' }),
  type: z.enum(['string', 'integer', 'number', 'date', 'array']),
  description: z.string(),
});

const Resource = z.object({
  profile: z.literal('tabular-data-resource'),
  name: z.string().openapi({ example: 'occupancy' }),
  title: z.string(),
  path: z
    .string()
    .openapi({ description: 'URL of the CSV: the endpoint with its default query.', example: 'https://noodbed.nl/api/v1/statistics/occupancy?interval=week' }),
  format: z.literal('csv'),
  mediatype: z.literal('text/csv'),
  encoding: z.literal('utf-8'),
  dialect: z.object({ delimiter: z.string(), lineTerminator: z.string(), header: z.boolean() }),
  schema: z.object({ fields: z.array(Field), missingValues: z.array(z.string()) }),
});

export const DataPackageSchema = z
  .object({
    profile: z.literal('tabular-data-package'),
    name: z.string(),
    title: z.string(),
    description: z.string(),
    definitionVersion: z.string().openapi({ example: '1' }),
    disclosureVersion: z.string().openapi({ description: 'Version of the disclosure control the CSV figures are published under.', example: 'sdc-1' }),
    resources: z.array(Resource),
  })
  .openapi('DataPackage', { description: 'Frictionless Data Package describing the statistics CSV files.' });
