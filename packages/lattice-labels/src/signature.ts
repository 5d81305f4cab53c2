/**
 * The absence signature of a pattern: which nodes of its 2D lattice carry no intensity, written in the
 * canonical reduced basis and minimised over the lattice's proper rotations, so that two patterns that are
 * the same up to rotation and scale get the same string.
 *
 * @packageDocumentation
 */
import type { LatticeShape } from './lattice-2d';

/** Default signature window: node points within this many |b| (canonical second basis vector) of the origin. */
export const SIGNATURE_WINDOW = 5;

/**
 * Node points (i, j) of the canonical basis with |i·a + j·b| ≤ window·|b|, origin excluded, in the fixed
 * order i ascending then j ascending. `gram` is the canonical basis' Gram matrix `[a·a, a·b, b·b]`.
 */
export function windowPoints(
  gram: Readonly<ArrayLike<number>>,
  window: number = SIGNATURE_WINDOW,
): Int32Array {
  const A = gram[0]!;
  const B = gram[1]!;
  const C = gram[2]!;
  // Relative margin 1e-5 so that nodes on the boundary stay in for cells that are cubic only to ~1e-7.
  const r2 = window * window * C * (1 + 1e-5);
  const det = A * C - B * B;
  // Bounding box of the ellipse Q(i, j) ≤ r²: |i| ≤ r·sqrt(C/det), |j| ≤ r·sqrt(A/det).
  const mi = Math.floor(Math.sqrt((r2 * C) / det));
  const mj = Math.floor(Math.sqrt((r2 * A) / det));
  const out: number[] = [];
  for (let i = -mi; i <= mi; i++) {
    for (let j = -mj; j <= mj; j++) {
      if (i === 0 && j === 0) continue;
      if (i * i * A + 2 * i * j * B + j * j * C <= r2) out.push(i, j);
    }
  }
  return Int32Array.from(out);
}

/**
 * Canonical absence signature. `classOf(m, n)` gives the intensity class of the node m·a₀ + n·b₀ in the basis
 * the shape was computed from (0 = absent, 1 = present). For each canonical basis of `shape` the points of
 * the window with a class other than 1 are listed as `"i,j"` (with `":c"` appended for classes above 1),
 * joined by `";"`; the lexicographically smallest listing is the signature (`basisIndex` tells which basis
 * gave it). The empty string means every node is present.
 */
export function absenceSignature(
  shape: LatticeShape,
  canonicalGram: Readonly<ArrayLike<number>>,
  classOf: (m: number, n: number) => number,
  window: number = SIGNATURE_WINDOW,
): { signature: string; absent: number; points: number; basisIndex: number } {
  const pts = windowPoints(canonicalGram, window);
  const count = pts.length / 2;
  let best: string | null = null;
  let absent = 0;
  let basisIndex = 0;
  shape.bases.forEach((t, b) => {
    const parts: string[] = [];
    for (let p = 0; p < count; p++) {
      const i = pts[2 * p]!;
      const j = pts[2 * p + 1]!;
      const c = classOf(i * t[0]! + j * t[2]!, i * t[1]! + j * t[3]!);
      if (c !== 1) parts.push(c === 0 ? `${i},${j}` : `${i},${j}:${c}`);
    }
    const s = parts.join(';');
    if (best === null || s < best) {
      best = s;
      absent = parts.length;
      basisIndex = b;
    }
  });
  return { signature: best ?? '', absent, points: count, basisIndex };
}

/** Parses a signature back into a set of `"i,j"` keys (classes dropped). */
export function parseSignature(signature: string): Set<string> {
  const out = new Set<string>();
  if (signature === '') return out;
  for (const part of signature.split(';')) out.add(part.split(':')[0]!);
  return out;
}

/** 32-bit FNV-1a hash of a string as 8 hex digits (for compact keys). */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
