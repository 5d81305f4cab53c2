import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

/** Tests import sibling packages from source, so `npm test` needs no build. */
export const sourceAliases: Record<string, string> = {
  // subpaths before their package, which would match them as a prefix
  '@sadp/classifier/browser': resolve(root, 'packages/classifier/src/index.ts'),
  '@sadp/classifier': resolve(root, 'packages/classifier/src/node.ts'),
  '@sadp/resnet/browser': resolve(root, 'packages/resnet/src/browser.ts'),
  '@sadp/diffraction-sim/browser': resolve(root, 'packages/diffraction-sim/src/browser.ts'),
  '@sadp/raster/node': resolve(root, 'packages/raster/src/node.ts'),
  ...Object.fromEntries(
    [
      'errors',
      'raster',
      'cif',
      'diffraction-sim',
      'lattice-labels',
      'resnet',
      'ensemble',
      'dataset',
      'micrograph',
      'cli',
    ].map((name) => [`@sadp/${name}`, resolve(root, 'packages', name, 'src/index.ts')]),
  ),
};

/**
 * The shared folder: third-party data that is not part of the repository (the CIF corpus in `cifs/`).
 * `../shared` next to the repository by default; `SADP_SHARED=/path` points elsewhere, `SADP_SHARED=off`
 * switches it off (what a fresh clone sees). Every test, bench and script finds it through here.
 */
export const sharedDir: string | undefined = (() => {
  const env = process.env.SADP_SHARED?.trim();
  if (env === 'off' || env === '0' || env === 'false') return undefined;
  return env ? resolve(env) : resolve(root, '..', 'shared');
})();

/** One subfolder of the shared folder, whether it is there, and why not. */
export interface SharedFolder {
  /** Absolute path (under the default location when the shared folder is switched off). */
  readonly dir: string;
  readonly available: boolean;
  /** Why it is not available (`SADP_SHARED=off`, `<dir> not found …`); empty when available. */
  readonly reason: string;
  /** `(skipped: <reason>)` for the title of a suite that needs this folder; empty when available. */
  readonly skipNote: string;
}

/** Looks up `sub` (e.g. `'cifs'`) in the shared folder; tests use `sharedSuite` to skip without it. */
export function sharedFolder(sub: string): SharedFolder {
  const dir = resolve(sharedDir ?? resolve(root, '..', 'shared'), sub);
  const reason =
    sharedDir === undefined
      ? 'SADP_SHARED=off'
      : existsSync(dir)
        ? ''
        : `${dir} not found (set SADP_SHARED=/path/to/shared to use one elsewhere)`;
  return { dir, available: reason === '', reason, skipNote: reason && `(skipped: ${reason})` };
}

/**
 * A suite that needs `folder`: `describe.skipIf(suite.skip)(suite.title, …)`. When the folder is missing the
 * title ends with the reason and one line naming the suite and the folder is printed.
 */
export function sharedSuite(folder: SharedFolder, title: string): { skip: boolean; title: string } {
  if (folder.available) return { skip: false, title };
  console.warn(`[sadp] skipping "${title}": ${folder.reason}`);
  return { skip: true, title: `${title} ${folder.skipNote}` };
}

/** The shared CIF corpus (`cifs/`: `cubic/`, `odd/`, `syntax/`, `INDEX.tsv`). */
export const sharedCifs = sharedFolder('cifs');

/** Absolute path of the shared CIF corpus (see `sharedCifs.available` before reading it). */
export const sharedCifDir = sharedCifs.dir;

/**
 * pymatgen TEMCalculator spot lists (`reference/pymatgen-tem/*.json`). Tests read the compact copy in
 * `fixtures/pymatgen-tem/` instead; only the check that this copy is faithful needs the original.
 */
export const sharedPymatgenTem = sharedFolder('reference/pymatgen-tem');

/** Compact in-repository copy of the pymatgen reference spot lists (see its README). */
export const pymatgenFixtureDir = resolve(root, 'fixtures', 'pymatgen-tem');

/** The vitest project of one package: named after the package, tests in `test/`. */
export function packageProject(name: string, extra: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { alias: sourceAliases },
    test: { name, include: ['test/**/*.test.ts'], ...extra },
  });
}

/**
 * What the source files reachable from `entry` through relative imports (static, re-exports and dynamic
 * `import()`; not type-only ones) import from outside: Node built-ins (`node:fs`, `zlib`, … as `file: specifier`)
 * and packages (sorted, unique). A browser-safe entry has no built-ins and only browser-safe packages.
 */
export function importsReachableFrom(entry: string): { builtins: string[]; packages: string[] } {
  const builtins: string[] = [];
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    // type-only imports and exports are erased at build time
    const text = readFileSync(file, 'utf8').replace(
      /^\s*(?:import|export)\s+type\s[^;]*?from\s*['"][^'"]+['"]/gm,
      '',
    );
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      if (isBuiltin(specifier!)) builtins.push(`${file}: ${specifier}`);
      else if (specifier!.startsWith('.'))
        visit(resolve(dirname(file), `${specifier!.replace(/\.js$/, '')}.ts`));
      else packages.add(specifier!);
    }
  };
  visit(resolve(entry));
  return { builtins, packages: [...packages].sort() };
}
