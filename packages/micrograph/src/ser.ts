import { ByteReader, type PixelType, readPixels } from './bytes';
import type { Calibration, Micrograph } from './types';

const SER_TYPES: Record<number, PixelType> = {
  1: 'uint8',
  2: 'uint16',
  3: 'uint32',
  4: 'int8',
  5: 'int16',
  6: 'int32',
  7: 'float32',
  8: 'float64',
};
const IMAGE_SERIES = 0x4122;
const SPECTRUM_SERIES = 0x4120;

/** `true` when the bytes start with the TIA series magic (`II`, series id `0x0197`). */
export function looksLikeSer(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 6 && bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 0x97 && bytes[3] === 0x01
  );
}

/**
 * Reads an FEI TIA series (`.ser`) file of 2D elements (`DataTypeID` `0x4122`): the first element, with `frames`
 * set to the number of valid elements when there are several. Versions `0x210` (4-byte offsets) and `0x220`
 * (8-byte offsets) are read; the file is always little endian.
 *
 * TIA writes the calibration as `CalibrationDeltaX` in SI units without naming them in the `.ser` file (the
 * companion `.emi` file names them): images are in metres per pixel, diffraction patterns in 1/m per pixel.
 * The unit is therefore inferred from the magnitude: a delta of at least 1 is taken as 1/m (a diffraction
 * pattern; 0.01 Å⁻¹ is 1e8 m⁻¹), below 1e-3 as metres; both come with a warning saying so.
 */
export function readSer(bytes: Uint8Array, name = 'input.ser'): Micrograph {
  const r = new ByteReader(bytes, name, 'ser');
  if (!looksLikeSer(bytes))
    throw r.fail('E_MICROGRAPH_FORMAT', 'not a TIA series file (expected "II" and series id 0x0197)');
  const version = r.u16(4, true);
  const dataTypeId = r.u32(6, true);
  const total = r.u32(14, true);
  const valid = r.u32(18, true);
  const wide = version >= 0x220;
  const offsetArray = wide ? r.u64(22, true) : r.u32(22, true);
  if (dataTypeId === SPECTRUM_SERIES)
    throw r.fail(
      'E_MICROGRAPH_UNSUPPORTED',
      'series of 1D spectra (DataTypeID 0x4120); expected 2D images (0x4122)',
    );
  if (dataTypeId !== IMAGE_SERIES)
    throw r.fail(
      'E_MICROGRAPH_FORMAT',
      `DataTypeID 0x${dataTypeId.toString(16)}, expected 0x4122 (2D images)`,
    );
  if (valid < 1 || valid > total) throw r.fail('E_MICROGRAPH_FORMAT', `${valid} valid elements of ${total}`);
  const first = wide
    ? r.u64(offsetArray, true, 'the data offset array')
    : r.u32(offsetArray, true, 'the data offset array');
  const o = first;
  const offsetX = r.f64(o, true, 'the element header');
  const deltaX = r.f64(o + 8, true, 'the element header');
  const elementX = r.i32(o + 16, true, 'the element header');
  const deltaY = r.f64(o + 28, true, 'the element header');
  const dataType = r.u16(o + 40, true, 'the element header');
  const width = r.u32(o + 42, true, 'the element header');
  const height = r.u32(o + 46, true, 'the element header');
  const type = SER_TYPES[dataType];
  if (type === undefined)
    throw r.fail(
      'E_MICROGRAPH_UNSUPPORTED',
      `element DataType ${dataType} is not read (complex data?); expected 1..8`,
    );
  const data = readPixels(r, o + 50, width, height, type, true);
  const warnings: string[] = [];
  if (valid > 1) warnings.push(`file holds ${valid} elements; returning the first`);
  let calibration: Calibration | null = null;
  if (deltaX >= 1) {
    calibration = { reciprocalPerPixel: deltaX * 1e-10, raw: { scale: deltaX, units: '1/m' } };
    warnings.push(`calibration ${deltaX} per pixel taken as 1/m (SER files do not name the unit)`);
  } else if (deltaX > 0 && deltaX < 1e-3) {
    calibration = { pixelSize: deltaX * 1e10, raw: { scale: deltaX, units: 'm' } };
    warnings.push(
      `calibration ${deltaX} per pixel taken as metres (SER files do not name the unit); no reciprocal calibration`,
    );
  } else if (deltaX > 0) warnings.push(`calibration ${deltaX} per pixel has no recognisable unit; ignored`);
  const metadata: Record<string, unknown> = {
    version,
    dataTypeId,
    totalElements: total,
    validElements: valid,
    dataType,
    pixelType: type,
    calibrationOffsetX: offsetX,
    calibrationDeltaX: deltaX,
    calibrationElementX: elementX,
    calibrationDeltaY: deltaY,
  };
  return {
    width,
    height,
    data,
    format: 'ser',
    calibration,
    ...(valid > 1 ? { frames: valid } : {}),
    warnings,
    metadata,
  };
}
