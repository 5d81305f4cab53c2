// Minimal DM3/DM4 writer for tests, following the published tag-tree layout: big-endian header and sizes
// (4 bytes in DM3, 8 in DM4), tag groups (kind 20) and data tags (kind 21, "%%%%", info array, value).
type Node =
  | { group: Array<[string, Node]> }
  | { simple: number; value: number }
  | { array: number; values: ArrayLike<number> }
  | { struct: number[]; values: number[] };

const SIZE: Record<number, number> = { 2: 2, 3: 4, 4: 2, 5: 4, 6: 4, 7: 8, 8: 1, 9: 1, 10: 1, 11: 8, 12: 8 };

export const g = (...entries: Array<[string, Node]>): Node => ({ group: entries });
export const s = (type: number, value: number): Node => ({ simple: type, value });
export const a = (type: number, values: ArrayLike<number>): Node => ({ array: type, values });
export const str = (text: string): Node =>
  a(
    4,
    Array.from(text, (c) => c.charCodeAt(0)),
  );

class Out {
  bytes: number[] = [];
  constructor(
    readonly wide: boolean,
    readonly le: boolean,
  ) {}
  u8(v: number) {
    this.bytes.push(v & 255);
  }
  be(v: number, n: number) {
    for (let i = n - 1; i >= 0; i--) this.u8(Number((BigInt(v) >> BigInt(8 * i)) & 255n));
  }
  size(v: number) {
    this.be(v, this.wide ? 8 : 4);
  }
  value(type: number, v: number) {
    const b = new DataView(new ArrayBuffer(8));
    const le = this.le;
    switch (type) {
      case 2:
        b.setInt16(0, v, le);
        break;
      case 3:
        b.setInt32(0, v, le);
        break;
      case 4:
        b.setUint16(0, v, le);
        break;
      case 5:
        b.setUint32(0, v, le);
        break;
      case 6:
        b.setFloat32(0, v, le);
        break;
      case 7:
        b.setFloat64(0, v, le);
        break;
      case 8:
      case 9:
      case 10:
        b.setUint8(0, v);
        break;
      default:
        b.setBigInt64(0, BigInt(v), le);
    }
    for (let i = 0; i < (SIZE[type] as number); i++) this.u8(b.getUint8(i));
  }
  group(entries: Array<[string, Node]>) {
    this.u8(0);
    this.u8(1);
    this.size(entries.length);
    for (const [label, node] of entries) {
      this.u8('group' in node ? 20 : 21);
      this.be(label.length, 2);
      for (const c of label) this.u8(c.charCodeAt(0));
      const body = new Out(this.wide, this.le);
      body.node(node);
      if (this.wide) this.size(body.bytes.length);
      for (const b of body.bytes) this.bytes.push(b); // not push(...): large images overflow the stack
    }
  }
  node(node: Node) {
    if ('group' in node) return this.group(node.group);
    for (const c of '%%%%') this.u8(c.charCodeAt(0));
    if ('simple' in node) {
      this.size(1);
      this.size(node.simple);
      this.value(node.simple, node.value);
    } else if ('array' in node) {
      this.size(3);
      this.size(20);
      this.size(node.array);
      this.size(node.values.length);
      for (let i = 0; i < node.values.length; i++) this.value(node.array, node.values[i] as number);
    } else {
      this.size(3 + 2 * node.struct.length);
      this.size(15);
      this.size(0);
      this.size(node.struct.length);
      for (const t of node.struct) {
        this.size(0);
        this.size(t);
      }
      node.struct.forEach((t, i) => {
        this.value(t, node.values[i] as number);
      });
    }
  }
}

/** Serialises a tag tree as a DM3 (`version` 3) or DM4 file. */
export function writeDm(root: Node, version: 3 | 4, littleEndian = true): Uint8Array {
  const body = new Out(version === 4, littleEndian);
  body.node(root);
  const head = new Out(version === 4, littleEndian);
  head.be(version, 4);
  head.be(body.bytes.length + 4, version === 4 ? 8 : 4);
  head.be(littleEndian ? 1 : 0, 4);
  return Uint8Array.from([...head.bytes, ...body.bytes, 0, 0, 0, 0, 0, 0, 0, 0]);
}

/** A DM file holding a thumbnail and one `width × height` image with calibration `scale` `units`. */
export function dmImage(
  version: 3 | 4,
  width: number,
  height: number,
  pixels: ArrayLike<number>,
  opts: {
    dataType?: number;
    arrayType?: number;
    scale?: number;
    units?: string;
    voltage?: number;
    cameraLength?: number;
    /** Detector pixel in µm (`Acquisition.Device.CCD.Pixel Size (um)`) and its binning. */
    detectorPixel?: number;
    binning?: number;
    littleEndian?: boolean;
    /** `ImageData.Dimensions` when not `[width, height]` (a 1D spectrum, a stack). */
    dimensions?: number[];
  } = {},
): Uint8Array {
  const thumb = g([
    'ImageData',
    g(
      ['Data', a(10, new Uint8Array(6))],
      ['DataType', s(3, 6)],
      ['Dimensions', g(['', s(5, 3)], ['', s(5, 2)])],
    ),
  ]);
  const micro: Array<[string, Node]> = [];
  if (opts.voltage) micro.push(['Voltage', s(7, opts.voltage)]);
  if (opts.cameraLength) micro.push(['STEM Camera Length', s(6, opts.cameraLength)]);
  const main = g(
    [
      'ImageData',
      g(
        [
          'Calibrations',
          g(
            ['Brightness', g(['Scale', s(6, 1)])],
            [
              'Dimension',
              g(
                [
                  '',
                  g(['Origin', s(6, 0)], ['Scale', s(6, opts.scale ?? 1)], ['Units', str(opts.units ?? '')]),
                ],
                ['', g(['Scale', s(6, opts.scale ?? 1)], ['Units', str(opts.units ?? '')])],
              ),
            ],
          ),
        ],
        ['Data', a(opts.arrayType ?? 6, pixels)],
        ['DataType', s(3, opts.dataType ?? 2)],
        ['Dimensions', g(...(opts.dimensions ?? [width, height]).map((n): [string, Node] => ['', s(5, n)]))],
        ['PixelDepth', s(5, 4)],
      ),
    ],
    [
      'ImageTags',
      g(
        ['Microscope Info', g(...micro)],
        ...(opts.detectorPixel
          ? ([
              [
                'Acquisition',
                g(
                  [
                    'Device',
                    g([
                      'CCD',
                      g([
                        'Pixel Size (um)',
                        g(['', s(6, opts.detectorPixel)], ['', s(6, opts.detectorPixel)]),
                      ]),
                    ]),
                  ],
                  [
                    'Parameters',
                    g([
                      'High Level',
                      g(['Binning', g(['', s(3, opts.binning ?? 1)], ['', s(3, opts.binning ?? 1)])]),
                    ]),
                  ],
                ),
              ],
            ] as Array<[string, Node]>)
          : []),
      ),
    ],
    ['Name', str('pattern')],
  );
  return writeDm(
    g(
      ['ApplicationBounds', { struct: [3, 3, 3, 3], values: [0, 0, 100, 100] }],
      ['ImageList', g(['', thumb], ['', main])],
      ['Has Thumbnails', s(8, 1)],
    ),
    version,
    opts.littleEndian ?? true,
  );
}
