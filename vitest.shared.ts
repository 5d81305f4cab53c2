import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

/** Tests import sibling packages from source, so `npm test` needs no build. */
export const sourceAliases: Record<string, string> = {
  // before `@sadp/classifier`, which would match it as a prefix
  '@sadp/classifier/browser': resolve(root, 'packages/classifier/src/index.ts'),
  '@sadp/classifier': resolve(root, 'packages/classifier/src/node.ts'),
  ...Object.fromEntries(
    ['errors', 'cif', 'diffraction-sim', 'lattice-labels', 'resnet', 'ensemble', 'dataset', 'cli'].map(
      (name) => [`@sadp/${name}`, resolve(root, 'packages', name, 'src/index.ts')],
    ),
  ),
};

/** Absolute path of the shared CIF corpus (`../shared/cifs` from the repository root). */
export const sharedCifDir = resolve(root, '..', 'shared', 'cifs');

/** The vitest project of one package: named after the package, tests in `test/`. */
export function packageProject(name: string, extra: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { alias: sourceAliases },
    test: { name, include: ['test/**/*.test.ts'], ...extra },
  });
}
