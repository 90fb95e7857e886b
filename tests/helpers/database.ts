import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

import { createDb, type Db } from '../../db/database.ts';
import { type TemplateName, TEMPLATES } from './templates.ts';

export interface TestDatabase {
  db: Db;
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(inject('postgresUrl'));
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export function databaseUrl(name: string): string {
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database of its own for one test file, cloned from a prepared template (or empty). */
export async function createTestDatabase(template: TemplateName | 'empty' = 'demo'): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await admin(async (client) => {
    const from = template === 'empty' ? '' : ` TEMPLATE ${TEMPLATES[template]}`;
    // Two files cloning the same template at once can collide; PostgreSQL says so and a retry works.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${name}${from}`);
        return;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  const url = databaseUrl(name);
  const db = createDb(url);
  return {
    db,
    url,
    name,
    drop: async () => {
      await db.destroy();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
