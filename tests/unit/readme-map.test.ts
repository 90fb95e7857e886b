import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's "Where the code lives" is the map a newcomer reads first: a folder it names that was
// moved, or a folder added without a word in it, makes the map lie. Each line that starts at the
// margin opens a section (`server/`); a path named inside it (`policy/`, `startup/open-database.ts`)
// is read from that section, from the folder named just before it (`components/ (… crisis/`), or
// from the root.

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const map = readme.split('## Where the code lives')[1]!.split('```')[1]!;

/** Every path the map names, as found in the tree (or as written when it is not there). */
function namedPaths(): Array<{ written: string; found: string | null }> {
  const paths: Array<{ written: string; found: string | null }> = [];
  let section = '';
  let lastFolder = '';
  for (const line of map.split('\n')) {
    const opening = line.match(/^([a-z]+)\//);
    if (opening) section = lastFolder = opening[1]!;
    // A path: a name followed by a slash, optionally more names (a folder or a file in one).
    for (const [written] of line.matchAll(/(?<![\w./*-])[a-z][\w-]*\/(?:[\w.-]+\/?)*/g)) {
      const candidates = opening && line.startsWith(written) ? [written] : [join(section, written), join(lastFolder, written), written];
      const at = candidates.findIndex((candidate) => existsSync(join(root, candidate)));
      const found = candidates[at] ?? null;
      // A folder inside the one named before (crisis/ in components/) does not become the next one's parent.
      if (found && at !== 1 && statSync(join(root, found)).isDirectory()) lastFolder = found;
      paths.push({ written, found });
    }
  }
  return paths;
}

// Folders in git only: a build's web/dist is no source.
const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n'));
const folders = (parent: string) =>
  readdirSync(join(root, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(parent, entry.name))
    .filter((folder) => [...tracked].some((file) => file.startsWith(`${folder}/`)));

describe("the README's code map", () => {
  const paths = namedPaths();

  it('names paths at all', () => expect(paths.length).toBeGreaterThan(30));

  it('names only paths that exist', () => {
    expect(paths.filter((path) => !path.found).map((path) => path.written)).toEqual([]);
  });

  it('names every source folder', () => {
    const named = new Set(paths.map((path) => path.found?.replace(/\/$/, '')));
    const sourceFolders = ['shared', 'scripts', ...['server', 'web', 'db', 'tests'].flatMap(folders)];
    expect(sourceFolders.filter((folder) => !named.has(folder))).toEqual([]);
  });
});
