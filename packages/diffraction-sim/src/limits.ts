/**
 * Safety limits of `@sadp/diffraction-sim`, in one place. Settings outside the ranges throw `RangeError`
 * from `resolveSettings`; patterns over the work limits throw `DiffractionSimError` `E_SIM_LIMIT` before
 * any reflection is enumerated. The work limits can be raised per call (`spotList`/`simulate` options).
 */
export const limits = {
  /** Lowest acceleration voltage in volts (1 kV). */
  minVoltage: 1e3,
  /** Highest acceleration voltage in volts (3000 kV). */
  maxVoltage: 3e6,
  /** Shortest camera length in mm. */
  minCameraLength: 1,
  /** Longest camera length in mm (100 m). */
  maxCameraLength: 1e5,
  /** Largest image side in pixels (a 4096² float image is 64 MB). */
  maxSize: 4096,
  /**
   * Reflections per pattern, estimated from the cell volume V, the zone axis r = [uvw] and maxG as
   * (laueZones + 1)·π·maxG²·V/|r| before enumerating (option `maxReflections`).
   */
  maxReflections: 200_000,
  /**
   * Reflections × atoms in the cell: the cost of the structure factors, about 10^7 per second
   * (option `maxReflectionAtoms`).
   */
  maxReflectionAtoms: 500_000_000,
} as const;

/** Per-call overrides of the work limits of {@link limits}. */
export interface WorkLimits {
  /** Estimated reflections per pattern; default `limits.maxReflections`. */
  maxReflections?: number;
  /** Estimated reflections × atoms in the cell; default `limits.maxReflectionAtoms`. */
  maxReflectionAtoms?: number;
}
