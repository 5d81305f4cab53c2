/**
 * Representative structures of the effective space groups the cubic registry is computed from: one per
 * group, three for Fd-3m (227), whose structures fall into three absence families (see docs/labels.md).
 * Built from Wyckoff positions (no CIF needed), conventional cubic cells, every atom listed.
 *
 * @packageDocumentation
 */
import type { Structure } from '@sadp/cif';
import type { RegistryVariant } from './registry-types';

type Site = readonly [element: string, x: number, y: number, z: number];

const Z: Record<string, number> = { Mn: 25, Cs: 55, Cl: 17, Cu: 29, Mg: 12, Al: 13, O: 8, Si: 14, W: 74 };
const F_CENTRING = [
  [0, 0, 0],
  [0, 0.5, 0.5],
  [0.5, 0, 0.5],
  [0.5, 0.5, 0],
] as const;
const I_CENTRING = [
  [0, 0, 0],
  [0.5, 0.5, 0.5],
] as const;

function centre(
  element: string,
  reps: readonly (readonly number[])[],
  t: readonly (readonly number[])[],
): Site[] {
  return reps.flatMap((p) => t.map((c) => [element, p[0]! + c[0]!, p[1]! + c[1]!, p[2]! + c[2]!] as const));
}

function cubic(name: string, number: number, symbol: string, a: number, sites: readonly Site[]): Structure {
  const n = sites.length;
  const position = new Float64Array(3 * n);
  sites.forEach((s, i) => {
    for (let c = 0; c < 3; c++) {
      const v = s[c + 1] as number;
      position[3 * i + c] = v - Math.floor(v);
    }
  });
  const element = sites.map((s) => s[0]);
  return {
    cell: { a, b: a, c: a, alpha: 90, beta: 90, gamma: 90 },
    // Operators are not needed for labelling (every atom is listed); only the identity is given.
    spaceGroup: { number, symbol, operators: Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0) },
    sites: [],
    atoms: {
      count: n,
      element,
      atomicNumber: Uint8Array.from(element.map((e) => Z[e]!)),
      label: element.map((e, i) => `${e}${i + 1}`),
      position,
      occupancy: new Float64Array(n).fill(1),
      b: new Float64Array(n).fill(Number.NaN),
    },
    formula: name,
    source: { block: name },
  };
}

// Fd-3m, origin choice 2 Wyckoff representatives (F-centring added).
const W8A = [
  [1 / 8, 1 / 8, 1 / 8],
  [7 / 8, 3 / 8, 3 / 8],
];
const W16D = [
  [1 / 2, 1 / 2, 1 / 2],
  [1 / 4, 3 / 4, 0],
  [3 / 4, 0, 1 / 4],
  [0, 1 / 4, 3 / 4],
];
function w32e(x: number): number[][] {
  return [
    [x, x, x],
    [1 - x, x + 1 / 4, x + 1 / 4],
    [3 / 4 - x, 5 / 4 - x, 1 / 2 + x],
    [x - 1 / 4, 1 - x, x - 1 / 4],
    [x, 5 / 4 - x, 5 / 4 - x],
    [1 - x, 1 - x, 1 - x],
    [3 / 4 - x, x, 3 / 4 - x],
    [x - 1 / 4, x + 1 / 4, 1 / 2 - x],
  ];
}
// β-Mn (P4₁32): Mn1 8c x = 0.0636, Mn2 12d y = 0.2022 (all 20 atoms).
const BETA_MN: number[][] = [
  [0.0636, 0.0636, 0.0636],
  [0.1864, 0.8136, 0.3136],
  [0.4364, 0.9364, 0.5636],
  [0.3136, 0.1864, 0.8136],
  [0.5636, 0.4364, 0.9364],
  [0.6864, 0.6864, 0.6864],
  [0.9364, 0.5636, 0.4364],
  [0.8136, 0.3136, 0.1864],
  [0.125, 0.2022, 0.4522],
  [0.0478, 0.875, 0.7022],
  [0.375, 0.7978, 0.9522],
  [0.4522, 0.125, 0.2022],
  [0.625, 0.2978, 0.5478],
  [0.5478, 0.625, 0.2978],
  [0.875, 0.7022, 0.0478],
  [0.9522, 0.375, 0.7978],
  [0.7022, 0.0478, 0.875],
  [0.2022, 0.4522, 0.125],
  [0.2978, 0.5478, 0.625],
  [0.7978, 0.9522, 0.375],
];

/** The effective groups of the cubic registry, in registry order. */
export const CUBIC_VARIANTS: readonly RegistryVariant[] = Object.freeze([
  {
    id: '213',
    spaceGroup: 213,
    representative: 'β-Mn (Mn 8c + 12d)',
    description: 'P4₁32: only the 4₁ screw-axis absences h00: h = 4n.',
  },
  {
    id: '221',
    spaceGroup: 221,
    representative: 'CsCl (Cs 1a, Cl 1b)',
    description: 'Pm-3m: no absences.',
  },
  {
    id: '225',
    spaceGroup: 225,
    representative: 'Cu (4a)',
    description: 'Fm-3m: F-centring only (h, k, l all even or all odd).',
  },
  {
    id: '227-1',
    spaceGroup: 227,
    representative: 'MgAl₂O₄ spinel (Mg 8a, Al 16d, O 32e x = 0.2624)',
    description:
      'Fd-3m with atoms on a general-enough site (32e, 96g, 96h, 192i): only the space-group absences.',
  },
  {
    id: '227-2',
    spaceGroup: 227,
    representative: 'Si, diamond (8a)',
    description:
      'Fd-3m with atoms only on 8a/8b (and 48f): extra absences hkl all even with h + k + l = 4n + 2 (e.g. 222, 442).',
  },
  {
    id: '227-3',
    spaceGroup: 227,
    representative: 'MgCu₂ Laves C15 (Mg 8a, Cu 16d)',
    description:
      'Fd-3m with atoms only on 8a/8b/48f and 16c/16d (C15 Laves, pyrochlore, ideal β-cristobalite): absent when both ' +
      'conditions fail, hkl all even with h + k + l = 4n + 2 and h, k, l not all equal mod 4 (e.g. 442, 644).',
  },
  {
    id: '229',
    spaceGroup: 229,
    representative: 'W (2a)',
    description: 'Im-3m: I-centring only (h + k + l even).',
  },
]);

/**
 * The representative structure of one registry variant (`"213"`, `"221"`, `"225"`, `"227-1"`, `"227-2"`,
 * `"227-3"`, `"229"`); a new object on every call.
 *
 * @throws RangeError for an unknown variant id.
 */
export function representativeStructure(variant: string): Structure {
  switch (variant) {
    case '213':
      return cubic('Mn20', 213, 'P 41 3 2', 6.315, centre('Mn', BETA_MN, [[0, 0, 0]]));
    case '221':
      return cubic('CsCl', 221, 'P m -3 m', 4.123, [
        ['Cs', 0, 0, 0],
        ['Cl', 0.5, 0.5, 0.5],
      ]);
    case '225':
      return cubic('Cu4', 225, 'F m -3 m', 3.615, centre('Cu', [[0, 0, 0]], F_CENTRING));
    case '227-1':
      return cubic('Al16Mg8O32', 227, 'F d -3 m', 8.0832, [
        ...centre('Mg', W8A, F_CENTRING),
        ...centre('Al', W16D, F_CENTRING),
        ...centre('O', w32e(0.2624), F_CENTRING),
      ]);
    case '227-2':
      return cubic('Si8', 227, 'F d -3 m', 5.4307, centre('Si', W8A, F_CENTRING));
    case '227-3':
      return cubic('Cu16Mg8', 227, 'F d -3 m', 7.05, [
        ...centre('Mg', W8A, F_CENTRING),
        ...centre('Cu', W16D, F_CENTRING),
      ]);
    case '229':
      return cubic('W2', 229, 'I m -3 m', 3.165, centre('W', [[0, 0, 0]], I_CENTRING));
    default:
      throw new RangeError(`unknown registry variant "${variant}"`);
  }
}
