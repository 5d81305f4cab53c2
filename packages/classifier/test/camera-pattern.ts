import { type SimulationSettings, simulate } from '@sadp/diffraction-sim';
import { representativeStructure, type ZoneAxis } from '@sadp/lattice-labels';

/**
 * A registry variant's representative structure as a 256 px camera image in which 1/a spans `cellPixels` pixels,
 * peaks = I^0.5 and the direct beam drawn (the dataset's rendering); `extra` adds noise, spot size, ….
 */
export function cameraPattern(
  variant: string,
  zone: ZoneAxis,
  cellPixels: number,
  extra: Partial<SimulationSettings> = {},
) {
  const s = representativeStructure(variant);
  const p = simulate(s, {
    zone,
    size: 256,
    calibration: 1 / (s.cell.a * cellPixels),
    spotSigma: 2,
    gamma: 0.5,
    directBeam: true,
    ...extra,
  });
  return { structure: s, pattern: p, image: { width: p.size, height: p.size, data: p.image } };
}
