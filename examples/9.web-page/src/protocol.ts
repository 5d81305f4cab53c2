// Messages between the page (main.ts) and its Web Worker (worker.ts). Everything crossing is plain data.

/** Optional settings from the form. */
export interface Settings {
  /** Å⁻¹ per pixel, for every image that carries none. */
  calibration?: number;
  /** Lattice parameter a in Å; with a calibration it sets the scale the network sees. */
  lattice?: number;
  /** Accelerating voltage in kV (the demo crystal's simulation). */
  voltage?: number;
}

/** One input file. */
export interface InputFile {
  name: string;
  bytes: ArrayBuffer;
}

export type Request =
  | { type: 'init'; modelUrl: string; wasmUrl: string }
  | { type: 'classify'; id: number; files: InputFile[]; settings: Settings }
  | { type: 'demo'; id: number; settings: Settings };

/** What the page shows of one image. */
export interface ImageResult {
  name: string;
  /** Zone axis the demo recorded (unknown for dropped files). */
  zone?: string;
  width: number;
  height: number;
  /** Grey 0..255 for display, row-major. */
  pixels: Uint8ClampedArray;
  /** Top labels, best first. */
  labels: { label: string; probability: number }[];
  /** (space group, zone axis) pairs that give the best label. */
  lookAlikes: string[];
  /** Found spots, [x0, y0, x1, y1, …] in image pixels (the strongest). */
  spots: Float32Array;
  /** The fitted 2-D lattice: direct beam and basis [ax, ay, bx, by] in image pixels. */
  lattice: { center: [number, number]; basis: [number, number, number, number] } | null;
  /** Shortest spot spacing in `spacingUnit`, when a lattice was fitted. */
  spacing?: number;
  /** Calibration used (Å⁻¹/px), from the file or the form. */
  calibration?: number;
  notes: string[];
}

export interface Verdict {
  groups: { spaceGroup: number; probability: number }[];
  best: number | null;
  abstained: boolean;
  /** No supported group explains the patterns together. */
  unsupported: boolean;
  outOfScope: number;
  /** Zone axis to record next, e.g. "[013]", with its expected information gain in bits. */
  nextZone: { zone: string; bits: number } | null;
  unresolved: number[][];
  /** Groups that give the same patterns when some of their reflections are too weak to see, in words ('' for none). */
  hiddenLookAlikes: string;
}

export interface RunResult {
  images: ImageResult[];
  verdict: Verdict;
  spacingUnit: string;
  /** The built-in crystal, for the demo. */
  crystal?: { name: string; spaceGroup: number; symbol: string };
  seconds: number;
}

export type Reply =
  | { type: 'progress'; id: number | null; message: string; fraction?: number }
  | { type: 'ready'; backend: string; seconds: number; labels: number }
  | { type: 'result'; id: number; result: RunResult }
  | { type: 'error'; id: number | null; message: string };
