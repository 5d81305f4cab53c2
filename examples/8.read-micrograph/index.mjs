// Reads micrograph bytes with @sadp/micrograph. To stay self-contained it first writes a small MRC file with
// writeMrc (two bright spots 20 pixels apart, 0.5 Å pixels), then reads it back; pass a .mrc, .dm3, .dm4, .ser or .emd
// path as the first argument to read your own file instead.
import { readFileSync } from 'node:fs';
import { isMicrographError, readMicrographAsync, writeMrc } from '@sadp/micrograph';

const [file] = process.argv.slice(2);
let bytes;
let name;
if (file) {
  bytes = new Uint8Array(readFileSync(file));
  name = file;
} else {
  const width = 64;
  const data = new Float32Array(width * width);
  data[32 * width + 22] = 100;
  data[32 * width + 42] = 100;
  bytes = writeMrc({ width, height: width, data }, { pixelSize: 0.5, type: 'uint16' });
  name = 'generated.mrc';
}

try {
  const m = await readMicrographAsync(bytes, name);
  console.log(`${name}: ${m.format}, ${m.width}×${m.height}${m.frames ? `, ${m.frames} frames` : ''}`);
  console.log('calibration:', m.calibration);
  for (const w of m.warnings) console.log('warning:', w);
  let max = Number.NEGATIVE_INFINITY;
  for (const v of m.data) max = Math.max(max, v);
  const spots = [];
  m.data.forEach((v, i) => {
    if (v === max && spots.length < 2) spots.push([i % m.width, Math.floor(i / m.width)]);
  });
  console.log('brightest pixels (x, y):', spots);
  if (spots.length === 2 && m.calibration?.reciprocalPerPixel) {
    const d = Math.hypot(spots[1][0] - spots[0][0], spots[1][1] - spots[0][1]);
    console.log(`spot spacing: ${(d * m.calibration.reciprocalPerPixel).toFixed(4)} Å⁻¹`);
  } else console.log('no reciprocal-space calibration: spacing stays in pixels');
} catch (e) {
  if (!isMicrographError(e)) throw e;
  console.error(`${e.code}: ${e.message}`);
  process.exit(1);
}
