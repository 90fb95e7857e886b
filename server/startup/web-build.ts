import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestSourceChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt(outDir: string): number {
  try {
    return statSync(join(outDir, 'index.html')).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Builds the dashboard with Vite when web/dist is missing or older than its source, so `npm start`
 * works on a fresh clone and after a pull.
 */
export async function ensureWebBuilt(projectRoot: string, options: { force?: boolean } = {}): Promise<string> {
  const outDir = join(projectRoot, 'web', 'dist');
  if (!options.force && builtAt(outDir) > newestSourceChange(join(projectRoot, 'web'))) return outDir;
  if (!options.force) console.log('Building the dashboard…');
  // Imported only here: a production image ships web/dist and needs no Vite.
  const { build } = await import('vite');
  await build({ configFile: join(projectRoot, 'vite.config.ts'), logLevel: 'warn' });
  return outDir;
}
