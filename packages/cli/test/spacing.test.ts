import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '@sadp/diffraction-sim';
import type { ZoneAxis } from '@sadp/lattice-labels';
import { afterAll, describe, expect, it } from 'vitest';
import { cameraPattern } from '../../classifier/test/camera-pattern';
import { ExitCode } from '../src/index';
import { runCli } from './run-cli';

const tmp = mkdtempSync(join(tmpdir(), 'sadp-cli-spacing-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// [001], [011] and [111] of CsCl (Pm-3m) and of a body-centred crystal (Im-3m) give the same three labels; with one
// camera for the three images, their spot spacings stand as 1 : 1 : √2 (P) or 1 : 1 : 1 (I).
const zones: ZoneAxis[] = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 1, 1],
];
function tiltSeries(variant: string): string[] {
  return zones.map((zone) => {
    const file = join(tmp, `${variant}-${zone.join('')}.png`);
    // without the geometry tEXt chunks: a calibrated file's spacings are comparable across cameras
    const { image, size } = cameraPattern(variant, zone, 16).pattern;
    writeFileSync(file, encodePng({ image, size }));
    return file;
  });
}

describe('sadp classify compares the spot spacings of images from one camera', () => {
  it.each(['221', '229'])(
    'separates %s from its look-alike, and not with --mixed-cameras',
    async (variant) => {
      const files = tiltSeries(variant);
      const group = Number(variant);
      const probability = (result: {
        prediction: { groups: { spaceGroup: number; probability: number }[] };
      }) => result.prediction.groups.find((g) => g.spaceGroup === group)!.probability;
      const one = await runCli(['classify', ...files, '--json']);
      expect(one.code).toBe(ExitCode.ok);
      const together = JSON.parse(one.out);
      expect(together.images.every((i: { spacing: number | null }) => i.spacing !== null)).toBe(true);
      expect(together.prediction.best).toBe(group);
      const mixed = await runCli(['classify', ...files, '--mixed-cameras', '--json']);
      expect(mixed.code).toBe(ExitCode.ok);
      const apart = JSON.parse(mixed.out);
      expect(apart.images.every((i: { spacing: number | null }) => i.spacing === null)).toBe(true);
      expect(probability(together)).toBeGreaterThan(probability(apart));
      expect(probability(together)).toBeGreaterThan(0.9);
    },
    60_000,
  );
});
