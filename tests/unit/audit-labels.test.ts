import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

import { catalogue, type MessageKey } from '../../web/lib/messages.ts';

// The admin's audit log shows an action by its name in the reader's language; a write audited
// without one shows its code ("device.added") in a Dutch page. Every action the server writes is
// read from its source (`action: 'subject.verb'`, both sides of a choice) and must have both.

const root = join(import.meta.dirname, '..', '..');
const files = execFileSync('git', ['ls-files', 'server'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file.endsWith('.ts'));
const actions = new Set(
  files.flatMap((file) =>
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      // The value written: a literal, or a choice of two (not a parameter's type such as 'a' | 'b').
      .flatMap((line) => [...line.matchAll(/\baction: ([^,}]*\? )?'[a-z_.]+'( : '[a-z_.]+')?/g)].map((m) => m[0]))
      .flatMap((written) => [...written.matchAll(/'([a-z_]+\.[a-z_]+)'/g)].map((m) => m[1]!)),
  ),
);

it('finds the actions the server audits', () => {
  expect(actions.size).toBeGreaterThan(30);
  expect(actions).toContain('session.factor_due');
});

it('names every audited action in Dutch and English', () => {
  const unnamed = [...actions].filter(
    (action) => !catalogue.nl[`audit.action.${action}` as MessageKey] || !catalogue.en[`audit.action.${action}` as MessageKey],
  );
  expect(unnamed).toEqual([]);
});
