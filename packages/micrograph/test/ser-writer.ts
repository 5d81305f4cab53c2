// Minimal TIA .ser writer for tests.
/** A TIA series of `frames` 2D float32 (DataType 7) or uint16 (2) elements, following the published layout. */
export function writeSer(
  width: number,
  height: number,
  pixels: ArrayLike<number>,
  opts: { deltaX?: number; frames?: number; version?: 0x210 | 0x220; dataType?: 2 | 7 } = {},
): Uint8Array {
  const frames = opts.frames ?? 1;
  const version = opts.version ?? 0x220;
  const wide = version >= 0x220;
  const dataType = opts.dataType ?? 7;
  const size = dataType === 7 ? 4 : 2;
  const header = 64; // header + one empty dimension record, padded
  const elementBytes = 50 + width * height * size;
  const offsets = header;
  const first = offsets + frames * (wide ? 16 : 8);
  const out = new Uint8Array(first + frames * elementBytes);
  const v = new DataView(out.buffer);
  v.setUint16(0, 0x4949, true);
  v.setUint16(2, 0x0197, true);
  v.setUint16(4, version, true);
  v.setUint32(6, 0x4122, true);
  v.setUint32(10, 0x4152, true);
  v.setUint32(14, frames, true);
  v.setUint32(18, frames, true);
  if (wide) v.setBigUint64(22, BigInt(offsets), true);
  else v.setUint32(22, offsets, true);
  v.setUint32(wide ? 30 : 26, 1, true);
  for (let f = 0; f < frames; f++) {
    const o = first + f * elementBytes;
    if (wide) v.setBigUint64(offsets + 8 * f, BigInt(o), true);
    else v.setUint32(offsets + 4 * f, o, true);
    v.setFloat64(o + 8, opts.deltaX ?? 0, true);
    v.setFloat64(o + 28, opts.deltaX ?? 0, true);
    v.setUint16(o + 40, dataType, true);
    v.setUint32(o + 42, width, true);
    v.setUint32(o + 46, height, true);
    for (let i = 0; i < width * height; i++)
      if (dataType === 7) v.setFloat32(o + 50 + 4 * i, (pixels[i] as number) + f, true);
      else v.setUint16(o + 50 + 2 * i, (pixels[i] as number) + f, true);
  }
  return out;
}
