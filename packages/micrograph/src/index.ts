export { readDm } from './dm';
export { readEmd } from './emd';
export {
  isMicrographError,
  MicrographError,
  type MicrographErrorCode,
  type MicrographErrorOptions,
} from './errors';
export { readMrc, type WriteMrcOptions, writeMrc } from './mrc';
export { detectFormat, readMicrograph, readMicrographAsync } from './read';
export { readSer } from './ser';
export type { Calibration, Micrograph, MicrographFormat } from './types';
export { calibrationFromUnits, electronWavelength, reciprocalFromCamera } from './units';
