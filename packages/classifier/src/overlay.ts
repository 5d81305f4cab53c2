/**
 * Overlay pictures of an indexed pattern: the image, the spots found in it, the fitted lattice vectors from the
 * beam and the hkl of the spots near the beam, as SVG (text) or PNG (a 3×5 pixel font). Node (pngjs encodes the image).
 *
 * @packageDocumentation
 */

import type { FoundSpots } from '@sadp/lattice-labels';
import { PNG } from 'pngjs';
import type { GreyImage } from './image';
import type { Hkl, PatternIndexing } from './indexing';

/** What an overlay shows besides the image. */
export interface OverlayContent {
  /** Every spot found in the image (circled; those on the lattice in yellow, the others in grey). */
  spots?: Pick<FoundSpots, 'x' | 'y'> | null;
  /** The pattern indexed for the candidate to show (lattice vectors, hkl labels); `null` for spots alone. */
  indexing?: PatternIndexing | null;
  /** A caption (SVG only), e.g. `"225 Fm-3m [001]  a = 5.64(3) Å"`. */
  title?: string;
}

const COLOUR_A = [255, 64, 64] as const;
const COLOUR_B = [64, 160, 255] as const;
const COLOUR_SPOT = [255, 208, 0] as const;
const COLOUR_OTHER = [160, 160, 160] as const;
const hex = (c: readonly number[]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** The spots to label: those within 2.2 lattice vectors of the beam. */
function labelled(indexing: PatternIndexing) {
  const [ax, ay, bx, by] = indexing.basisPixels;
  const reach = 2.2 * Math.max(Math.hypot(ax, ay), Math.hypot(bx, by));
  return indexing.spots.filter((s) => s.radius <= reach);
}

/** Radius of the spot circles: a fifth of the shortest lattice vector, 3 px at least. */
function circleRadius(indexing: PatternIndexing | null | undefined): number {
  if (!indexing) return 4;
  const [ax, ay, bx, by] = indexing.basisPixels;
  return Math.max(3, 0.2 * Math.min(Math.hypot(ax, ay), Math.hypot(bx, by)));
}

/** Whether the spot at (x, y) is one of the indexed ones. */
function onLattice(indexing: PatternIndexing | null | undefined, x: number, y: number): boolean {
  return !!indexing?.spots.some((s) => s.x === x && s.y === y);
}

/** Display value of a grey value: √v, so that weak spots show beside the beam. */
const display = (v: number) => Math.round(255 * Math.sqrt(Math.min(1, Math.max(0, v))));

/** The image as an RGBA buffer (grey, shown as √v). */
function rgbaOf(image: GreyImage): Uint8Array {
  const out = new Uint8Array(4 * image.width * image.height);
  for (let p = 0; p < image.width * image.height; p++) {
    const v = display(image.data[p]!);
    out[4 * p] = v;
    out[4 * p + 1] = v;
    out[4 * p + 2] = v;
    out[4 * p + 3] = 255;
  }
  return out;
}

function encodeRgba(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const png = new PNG({ width, height });
  png.data.set(rgba);
  return new Uint8Array(PNG.sync.write(png, { colorType: 6 }));
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[n >> 18]! + BASE64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? BASE64[n & 63]! : '=';
  }
  return out;
}

const f1 = (v: number) => Number(v.toFixed(1));

/** hkl as SVG text: negative indices as overlined digits, spaces only when an index has two digits. */
function hklSvg(hkl: Hkl): string {
  const wide = hkl.some((v) => Math.abs(v) > 9);
  return hkl
    .map((v) => (v < 0 ? `<tspan text-decoration="overline">${-v}</tspan>` : String(v)))
    .join(wide ? ' ' : '');
}

/**
 * An SVG of the image (embedded PNG) at its own size in pixels, with the spots circled, the lattice vectors a
 * (red) and b (blue) drawn from the beam, and the hkl of the spots near the beam (negative indices overlined;
 * each label also carries `data-hkl="h k l"`).
 */
export function overlaySvg(image: GreyImage, content: OverlayContent = {}): string {
  const { width, height } = image;
  const { indexing, spots, title } = content;
  const r = circleRadius(indexing);
  const font = Math.max(8, Math.round(width / 40));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<image width="${width}" height="${height}" href="data:image/png;base64,${base64(encodeRgba(width, height, rgbaOf(image)))}"/>`,
  ];
  if (spots)
    for (let i = 0; i < spots.x.length; i++) {
      const x = spots.x[i]!;
      const y = spots.y[i]!;
      const colour = hex(onLattice(indexing, x, y) ? COLOUR_SPOT : COLOUR_OTHER);
      parts.push(`<circle cx="${f1(x)}" cy="${f1(y)}" r="${f1(r)}" fill="none" stroke="${colour}"/>`);
    }
  if (indexing) {
    const [cx, cy] = indexing.centre;
    const [ax, ay, bx, by] = indexing.basisPixels;
    for (const [dx, dy, colour, name] of [
      [ax, ay, COLOUR_A, 'a'],
      [bx, by, COLOUR_B, 'b'],
    ] as const) {
      parts.push(
        `<line class="${name}" x1="${f1(cx)}" y1="${f1(cy)}" x2="${f1(cx + dx)}" y2="${f1(cy + dy)}" stroke="${hex(colour)}" stroke-width="${Math.max(1, width / 256)}"/>`,
      );
    }
    parts.push(
      `<g font-family="sans-serif" font-size="${font}" fill="#ffffff" stroke="#000000" stroke-width="0.3" text-anchor="middle">`,
    );
    for (const s of labelled(indexing)) {
      parts.push(
        `<text x="${f1(s.x)}" y="${f1(s.y - r - 2)}" data-hkl="${s.hkl.join(' ')}">${hklSvg(s.hkl)}</text>`,
      );
    }
    parts.push('</g>');
  }
  if (title)
    parts.push(
      `<text x="4" y="${font + 2}" font-family="sans-serif" font-size="${font}" fill="#ffffff">${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`,
    );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** 3×5 digits, rows top to bottom, 3 bits each (bit 2 = left column). */
const DIGITS = [
  0o75557, 0o26227, 0o71747, 0o71717, 0o55711, 0o74717, 0o74757, 0o71111, 0o75757, 0o75717,
] as const;

/** A raster canvas: RGBA pixels with clipped drawing. */
class Canvas {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly rgba: Uint8Array,
  ) {}

  set(x: number, y: number, c: readonly number[]): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    const o = 4 * (py * this.width + px);
    this.rgba[o] = c[0]!;
    this.rgba[o + 1] = c[1]!;
    this.rgba[o + 2] = c[2]!;
  }

  line(x0: number, y0: number, x1: number, y1: number, c: readonly number[]): void {
    const steps = Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))) || 1;
    for (let s = 0; s <= steps; s++) this.set(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, c);
  }

  circle(x: number, y: number, r: number, c: readonly number[]): void {
    const steps = Math.max(16, Math.ceil(2 * Math.PI * r));
    for (let s = 0; s < steps; s++) {
      const t = (2 * Math.PI * s) / steps;
      this.set(x + r * Math.cos(t), y + r * Math.sin(t), c);
    }
  }

  /** hkl centred at (x, y bottom) in the 3×5 font scaled by `scale`, white on a black outline. */
  hkl(hkl: Hkl, x: number, y: number, scale: number): void {
    const glyphs = hkl.flatMap((v, i) => [
      ...(i > 0 && hkl.some((w) => Math.abs(w) > 9) ? [' '] : []),
      ...String(Math.abs(v))
        .split('')
        .map((d, j, all) => (v < 0 && j === all.length - 1 ? `-${d}` : d)),
    ]);
    const advance = 4 * scale;
    let left = Math.round(x - (glyphs.length * advance - scale) / 2);
    const top = Math.round(y - 7 * scale);
    for (const g of glyphs) {
      if (g !== ' ') {
        const digit = DIGITS[Number(g.slice(-1))]!;
        const bits: [number, number][] = [];
        for (let row = 0; row < 5; row++)
          for (let col = 0; col < 3; col++)
            if ((digit >> (3 * (4 - row) + (2 - col))) & 1) bits.push([col, row + 2]);
        if (g.startsWith('-')) for (let col = 0; col < 3; col++) bits.push([col, 0]);
        for (const colour of [
          [0, 0, 0],
          [255, 255, 255],
        ] as const)
          for (const [col, row] of bits)
            for (let sy = 0; sy < scale; sy++)
              for (let sx = 0; sx < scale; sx++) {
                const px = left + col * scale + sx;
                const py = top + row * scale + sy;
                if (colour[0] === 0) {
                  for (const [ox, oy] of [
                    [1, 0],
                    [-1, 0],
                    [0, 1],
                    [0, -1],
                  ] as const)
                    this.set(px + ox, py + oy, colour);
                } else this.set(px, py, colour);
              }
      }
      left += advance;
    }
  }
}

/**
 * The overlay of {@link overlaySvg} as a PNG of the image's size (RGBA): spots circled, lattice vectors a (red)
 * and b (blue), hkl of the spots near the beam in a 3×5 pixel font (a bar over negative indices).
 */
export function overlayPng(image: GreyImage, content: OverlayContent = {}): Uint8Array {
  const { width, height } = image;
  const { indexing, spots } = content;
  const canvas = new Canvas(width, height, rgbaOf(image));
  const r = circleRadius(indexing);
  if (spots)
    for (let i = 0; i < spots.x.length; i++) {
      const x = spots.x[i]!;
      const y = spots.y[i]!;
      canvas.circle(x, y, r, onLattice(indexing, x, y) ? COLOUR_SPOT : COLOUR_OTHER);
    }
  if (indexing) {
    const [cx, cy] = indexing.centre;
    const [ax, ay, bx, by] = indexing.basisPixels;
    canvas.line(cx, cy, cx + ax, cy + ay, COLOUR_A);
    canvas.line(cx, cy, cx + bx, cy + by, COLOUR_B);
    const scale = Math.max(1, Math.round(width / 256));
    for (const s of labelled(indexing)) canvas.hkl(s.hkl, s.x, s.y - r - 1, scale);
  }
  return encodeRgba(width, height, canvas.rgba);
}
