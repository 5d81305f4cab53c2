// Microscope files (DM4, MRC, TIA SER, EMD) of simulated NaCl patterns, written with the micrograph package's
// own writers and test helpers: real round trips through every reader `sadp classify` uses.
import { readStructures } from '@sadp/cif';
import { DEMO_CIF } from '@sadp/classifier';
import { simulate } from '@sadp/diffraction-sim';
import type { ZoneAxis } from '@sadp/lattice-labels';
import { writeMrc } from '@sadp/micrograph';
import { dmImage } from '../../micrograph/test/dm-writer';
import { writeH5 } from '../../micrograph/test/emd-writer';
import { writeSer } from '../../micrograph/test/ser-writer';

/** The built-in NaCl (225, a = 5.6402 Å). */
export const nacl = readStructures(DEMO_CIF, { file: 'NaCl.cif' })[0]!;
/** Size of the simulated patterns (px). */
export const SIZE = 256;
/** Pixels spanned by 1/a in the simulated patterns. */
export const CELL_PIXELS = 18;
/** Å⁻¹ per pixel of the simulated patterns. */
export const CALIBRATION = 1 / (nacl.cell.a * CELL_PIXELS);

/** NaCl along `zone` as a SIZE px camera image (counts up to 1000), as the dataset renders it. */
export function naclPattern(zone: ZoneAxis): { width: number; height: number; data: Float32Array } {
  const p = simulate(nacl, {
    zone,
    size: SIZE,
    calibration: CALIBRATION,
    spotSigma: 2,
    gamma: 0.5,
    directBeam: true,
  });
  return { width: SIZE, height: SIZE, data: Float32Array.from(p.image, (v) => 1000 * v) };
}

type Pattern = ReturnType<typeof naclPattern>;

/** A DM4 file with the calibration in 1/nm and 200 kV, as Gatan writes diffraction patterns. */
export const dm4Of = (p: Pattern) =>
  dmImage(4, p.width, p.height, p.data, {
    scale: CALIBRATION * 10,
    units: '1/nm',
    voltage: 200_000,
  });

/** An MRC file (float32; MRC carries no reciprocal-space calibration). */
export const mrcOf = (p: Pattern) => writeMrc(p);

/** A TIA .ser file with its calibration in 1/m. */
export const serOf = (p: Pattern) => writeSer(p.width, p.height, p.data, { deltaX: CALIBRATION * 1e10 });

/** A Berkeley EMD file whose axes are in 1/nm. */
export const emdOf = (p: Pattern) =>
  writeH5((f) => {
    const g = f.create_group('data').create_group('pattern') as unknown as import('h5wasm').Group;
    g.create_attribute('emd_group_type', 1, null, '<i');
    g.create_dataset({ name: 'data', data: p.data, shape: [p.height, p.width], dtype: '<f' });
    const axis = (n: number) => Float64Array.from({ length: n }, (_, i) => i * CALIBRATION * 10);
    g.create_dataset({ name: 'dim1', data: axis(p.height), dtype: '<d' }).create_attribute('units', '1/nm');
    g.create_dataset({ name: 'dim2', data: axis(p.width), dtype: '<d' }).create_attribute('units', '1/nm');
  });
