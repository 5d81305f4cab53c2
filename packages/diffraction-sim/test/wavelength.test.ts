import { describe, expect, it } from 'vitest';
import { electronWavelength } from '../src/wavelength';

describe('electronWavelength', () => {
  // Reference values from ../shared/seed/DIGEST.md (λ = 12.2643 / sqrt(V (1 + 0.97845e-6 V))).
  it.each([
    [80e3, 0.041757],
    [100e3, 0.037014],
    [120e3, 0.033492],
    [200e3, 0.025079],
    [300e3, 0.019687],
  ])('%d V gives %f Å to 5 significant digits', (volts, expected) => {
    expect(Number(electronWavelength(volts).toPrecision(5))).toBe(Number(expected.toPrecision(5)));
  });

  it('rejects non-positive voltages', () => {
    expect(() => electronWavelength(0)).toThrow(RangeError);
    expect(() => electronWavelength(Number.NaN)).toThrow(RangeError);
  });
});
