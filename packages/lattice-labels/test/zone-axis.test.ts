import { describe, expect, it } from 'vitest';
import { canonicalCubicZone, formatZoneAxis, parseZoneAxis, reduceZoneAxis, zoneName } from '../src/index';

describe('zone axes', () => {
  it('parses every written form', () => {
    for (const text of ['[1 -1 0]', '1-10', '[1,-1,0]', '1,-1,0', ' 1 -1 0 ']) {
      expect(parseZoneAxis(text)).toEqual([1, -1, 0]);
    }
    expect(parseZoneAxis('013')).toEqual([0, 1, 3]);
    expect(parseZoneAxis('[2 2 10]')).toEqual([2, 2, 10]);
    for (const bad of ['000', '12', '1.5 0 0', 'abc', '[1 2]'])
      expect(() => parseZoneAxis(bad)).toThrow(RangeError);
  });

  it('formats so that parsing reads it back', () => {
    for (const zone of [
      [0, 1, 3],
      [1, -1, 0],
      [1, 2, 10],
    ] as const) {
      expect(parseZoneAxis(formatZoneAxis(zone))).toEqual(zone);
    }
    expect(formatZoneAxis([1, -1, 0])).toBe('[1-10]');
    expect(zoneName([0, 1, 3])).toBe('[013]');
  });

  it('reduces by the gcd and finds the cubic representative', () => {
    expect(reduceZoneAxis([0, -2, 6])).toEqual([0, -1, 3]);
    expect(() => reduceZoneAxis([0, 0, 0])).toThrow(RangeError);
    expect(canonicalCubicZone([3, -1, 0])).toEqual([0, 1, 3]);
    expect(canonicalCubicZone([-2, 2, 0])).toEqual([0, 1, 1]);
  });
});
