/**
 * Element symbols and atomic numbers; parsing of atom type symbols such as `Fe3+`, `O2-` and site labels.
 *
 * @packageDocumentation
 */

/** Element symbols indexed by atomic number (index 0 is unused). */
export const ELEMENT_SYMBOLS: readonly string[] = (
  ' H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr ' +
  'Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb ' +
  'Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf ' +
  'Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og'
).split(' ');

const Z_BY_SYMBOL = new Map<string, number>();
for (let z = 1; z < ELEMENT_SYMBOLS.length; z++) Z_BY_SYMBOL.set(ELEMENT_SYMBOLS[z]!, z);
Z_BY_SYMBOL.set('D', 1);
Z_BY_SYMBOL.set('T', 1);

/** Atomic number of an element symbol (case-sensitive, `"D"` and `"T"` count as hydrogen), or 0. */
export function atomicNumber(symbol: string): number {
  return Z_BY_SYMBOL.get(symbol) ?? 0;
}

/** An element with an optional formal charge, read from a type symbol or a label. */
export interface ParsedElement {
  /** Element symbol with standard capitalisation; `"D"`/`"T"` reported as `"H"`. */
  element: string;
  atomicNumber: number;
  /** Formal oxidation state, when the text gives one (`Fe3+` → 3, `O2-` → -2, `Na+` → 1). */
  oxidation?: number;
}

/**
 * Reads an element (and charge) from an atom type symbol (`"Fe3+"`, `"O2-"`, `"Si"`, `"Oh"`) or a site
 * label (`"Si1"`, `"Ca2a"`, `"O12"`). Two-letter elements win when the second letter is lower case and the
 * pair is an element; otherwise the first letter alone is tried. Returns `undefined` when no element fits.
 */
export function parseElement(text: string): ParsedElement | undefined {
  const m = /^([A-Za-z]{1,2})/.exec(text);
  if (!m) return undefined;
  const letters = m[1]!;
  let symbol: string | undefined;
  const first = letters[0]!.toUpperCase();
  if (letters.length === 2) {
    const second = letters[1]!;
    const two = first + second.toLowerCase();
    const secondIsLower = second === second.toLowerCase();
    if (secondIsLower && Z_BY_SYMBOL.has(two)) symbol = two;
    else if (Z_BY_SYMBOL.has(first)) symbol = first;
    else if (Z_BY_SYMBOL.has(two)) symbol = two;
  } else if (Z_BY_SYMBOL.has(first)) symbol = first;
  if (symbol === undefined) return undefined;
  const z = Z_BY_SYMBOL.get(symbol)!;
  const result: ParsedElement = { element: z === 1 ? 'H' : symbol, atomicNumber: z };
  const rest = text.slice(symbol.length);
  const charge = /^(\d*)([+-])$|^([+-])(\d+)$/.exec(rest);
  if (charge) {
    const digits = charge[1] ?? charge[4] ?? '';
    const sign = (charge[2] ?? charge[3]) === '-' ? -1 : 1;
    result.oxidation = sign * (digits === '' ? 1 : Number(digits));
  }
  return result;
}
