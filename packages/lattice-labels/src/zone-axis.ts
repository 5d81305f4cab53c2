/**
 * Zone axes [uvw]: re-exported from `@sadp/diffraction-sim`, the one module that parses, formats, reduces and
 * canonicalises them.
 *
 * @packageDocumentation
 */
export {
  canonicalCubicZone,
  formatZoneAxis,
  gcd,
  parseZoneAxis,
  reduceZoneAxis,
} from '@sadp/diffraction-sim';
