/** File formats `@sadp/micrograph` reads. */
export type MicrographFormat = 'mrc' | 'dm3' | 'dm4' | 'ser' | 'emd';

/**
 * Pixel calibration of a micrograph. Every field is optional: a file stores what it stores.
 *
 * Only `reciprocalPerPixel` says how far apart spots are in reciprocal space; a real-space `pixelSize` (an
 * image, or an MRC file's cell) is reported but never converted into a reciprocal calibration.
 */
export interface Calibration {
  /** Reciprocal-space size of one pixel in Å⁻¹ (diffraction patterns). */
  reciprocalPerPixel?: number;
  /** Real-space size of one pixel in Å (images, MRC cells). */
  pixelSize?: number;
  /** Camera length in mm, when the file records it. */
  cameraLength?: number;
  /** Accelerating voltage in V, when the file records it. */
  voltage?: number;
  /** Physical size of one detector pixel (× binning) in µm, when the file records it. */
  detectorPixel?: number;
  /** The calibration as the file writes it: scale per pixel and unit string (e.g. `0.02`, `"1/nm"`). */
  raw?: { scale: number; units: string };
}

/** An image read from a micrograph file. */
export interface Micrograph {
  /** Width in pixels (columns). */
  width: number;
  /** Height in pixels (rows). */
  height: number;
  /** Pixel values as stored (not normalised), row-major, row 0 at the top. Length `width * height`. */
  data: Float32Array;
  /** Format the bytes were read as. */
  format: MicrographFormat;
  /** Calibration the file carries, or `null` when it carries none. */
  calibration: Calibration | null;
  /** Number of frames (sections, series elements) in the file when more than one; `data` holds the first. */
  frames?: number;
  /** Things the reader noticed but could work around (extra frames, a real-space calibration, ...). */
  warnings: string[];
  /** Format-specific header fields (plain JSON values). */
  metadata: Record<string, unknown>;
}
