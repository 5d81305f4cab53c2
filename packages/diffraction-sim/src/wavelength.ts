/** Planck constant h·c in eV·Å, CODATA 2018. */
const HC_EV_ANGSTROM = 12398.41984332;
/** Electron rest energy m·c² in eV, CODATA 2018. */
const ELECTRON_REST_ENERGY_EV = 510998.95;

/**
 * Relativistic de Broglie wavelength of an electron accelerated through `voltage` volts, in ångström:
 * λ = h·c / sqrt(eV · (eV + 2·m·c²)).
 *
 * @example
 * electronWavelength(200e3); // 0.025079 Å
 */
export function electronWavelength(voltage: number): number {
  if (!(voltage > 0) || !Number.isFinite(voltage)) {
    throw new RangeError(`acceleration voltage must be a positive number of volts, got ${voltage}`);
  }
  return HC_EV_ANGSTROM / Math.sqrt(voltage * (voltage + 2 * ELECTRON_REST_ENERGY_EV));
}
