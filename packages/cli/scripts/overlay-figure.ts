// The overlay picture of the root README: built-in NaCl along [011] and [013] (256 px, 1/a = 18 px, 200 kV) as
// `sadp simulate` writes it (calibration in the PNG's tEXt), classified with `sadp classify --overlay`.
//   npx tsx packages/cli/scripts/overlay-figure.ts        # from the repository root: writes docs/classify-*.png
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStructures } from '@sadp/cif';
import { DEMO_CIF } from '@sadp/classifier';
import { encodePng, simulate } from '@sadp/diffraction-sim';
import { main } from '../src/index';

const [nacl] = readStructures(DEMO_CIF, { file: 'NaCl' });
const tmp = mkdtempSync(join(tmpdir(), 'sadp-overlay-'));
const files = (['011', '013'] as const).map((zone) => {
  const file = join(tmp, `nacl-${zone}.png`);
  const pattern = simulate(nacl!, {
    zone: [0, Number(zone[1]), Number(zone[2])],
    size: 256,
    calibration: 1 / (nacl!.cell.a * 18),
    spotSigma: 2,
    gamma: 0.5,
    directBeam: true,
  });
  writeFileSync(file, encodePng(pattern));
  return file;
});
const code = await main(['classify', ...files, '--overlay', 'docs/classify-{name}.png']);
rmSync(tmp, { recursive: true, force: true });
process.exitCode = code;
