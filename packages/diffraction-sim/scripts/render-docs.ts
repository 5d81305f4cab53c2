/**
 * Renders the README pictures: Si [001], [011], [111], [013] at 200 kV (npx tsx scripts/render-docs.ts).
 * Output: docs/si-<uvw>.png (8-bit, with geometry in PNG text chunks).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Structure } from '@sadp/cif';
import { encodePng, simulate } from '../src/index';

/** Diamond-structure Si, a = 5.4307 Å: fcc translations × {000, ¼¼¼}. */
function silicon(): Structure {
  const position: number[] = [];
  for (const [x, y, z] of [
    [0, 0, 0],
    [0, 0.5, 0.5],
    [0.5, 0, 0.5],
    [0.5, 0.5, 0],
  ] as const) {
    position.push(x, y, z, x + 0.25, y + 0.25, z + 0.25);
  }
  const count = position.length / 3;
  return {
    cell: { a: 5.4307, b: 5.4307, c: 5.4307, alpha: 90, beta: 90, gamma: 90 },
    spaceGroup: {
      number: 227,
      symbol: 'F d -3 m',
      operators: Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0),
    },
    sites: [],
    atoms: {
      count,
      element: new Array(count).fill('Si'),
      atomicNumber: new Uint8Array(count).fill(14),
      label: new Array(count).fill('Si1'),
      position: Float64Array.from(position),
      occupancy: new Float64Array(count).fill(1),
      b: new Float64Array(count).fill(0.47),
    },
    formula: 'Si8',
    source: { block: 'Si' },
  };
}

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs');
mkdirSync(out, { recursive: true });
const si = silicon();
for (const zone of [
  [0, 0, 1],
  [0, 1, 1],
  [1, 1, 1],
  [0, 1, 3],
] as [number, number, number][]) {
  const pattern = simulate(si, {
    zone,
    voltage: 200e3,
    cameraLength: 300,
    pixelSize: 0.1,
    directBeam: true,
    spotSigma: 1.8,
    gamma: 0.5,
  });
  const file = join(out, `si-${zone.join('')}.png`);
  writeFileSync(file, encodePng(pattern, { metadata: { Structure: 'Si (Fd-3m, a = 5.4307 A)' } }));
  console.log(`${file}: ${pattern.spots.count} spots`);
}
