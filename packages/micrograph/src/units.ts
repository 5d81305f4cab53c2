import type { Calibration } from './types';

const RECIPROCAL: Record<string, number> = { '1/m': 1e-10, '1/um': 1e-4, '1/nm': 0.1, '1/a': 1, '1/pm': 100 };
const REAL: Record<string, number> = { m: 1e10, um: 1e4, nm: 10, a: 1, pm: 0.01 };

function normaliseUnits(units: string): { reciprocal: boolean; unit: string } | null {
  let u = units
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[µμ]/g, 'u')
    .replace(/[åÅ]|angstroms?/g, 'a');
  let reciprocal = false;
  if (u.startsWith('1/')) {
    reciprocal = true;
    u = u.slice(2);
  } else if (/(\^-1|-1|⁻¹)$/.test(u)) {
    reciprocal = true;
    u = u.replace(/(\^-1|-1|⁻¹)$/, '');
  }
  return reciprocal
    ? `1/${u}` in RECIPROCAL
      ? { reciprocal, unit: `1/${u}` }
      : null
    : u in REAL
      ? { reciprocal, unit: u }
      : null;
}

/**
 * Turns a per-pixel `scale` in `units` into a {@link Calibration}: reciprocal units (`1/nm`, `nm-1`, `1/Å`,
 * `1/m`, ...) give `reciprocalPerPixel` in Å⁻¹, real units (`nm`, `Å`, `µm`, `m`) give `pixelSize` in Å and a
 * warning, anything else (pixels, empty) gives `null`.
 */
export function calibrationFromUnits(scale: number, units: string, warnings: string[]): Calibration | null {
  if (!Number.isFinite(scale) || scale <= 0) return null;
  const n = normaliseUnits(units);
  if (n === null) {
    if (units.trim() !== '') warnings.push(`calibration unit "${units}" not recognised; ignored`);
    return null;
  }
  if (n.reciprocal)
    return { reciprocalPerPixel: scale * (RECIPROCAL[n.unit] as number), raw: { scale, units } };
  warnings.push(
    `real-space calibration ${scale} ${units}/pixel (an image, not a diffraction pattern?); no reciprocal calibration`,
  );
  return { pixelSize: scale * (REAL[n.unit] as number), raw: { scale, units } };
}

/** Relativistic electron wavelength in Å at an accelerating voltage in V. */
export function electronWavelength(voltage: number): number {
  // h / √(2 m₀ e V (1 + e V / 2 m₀ c²)), in Å with V in volts
  return 12.264259 / Math.sqrt(voltage * (1 + 9.78476e-7 * voltage));
}

/**
 * Å⁻¹ per pixel of a diffraction pattern from the camera: a detector pixel of `detectorPixel` µm at camera length
 * `cameraLength` mm and `voltage` V spans `detectorPixel / (cameraLength · λ)` (small angles). `undefined` when a
 * value is missing or not positive.
 */
export function reciprocalFromCamera(
  cameraLength: number | undefined,
  voltage: number | undefined,
  detectorPixel: number | undefined,
): number | undefined {
  if (!(cameraLength! > 0 && voltage! > 0 && detectorPixel! > 0)) return undefined;
  return (detectorPixel! * 1e-3) / (cameraLength! * electronWavelength(voltage!));
}
