// Draws a pattern with the spots found in it and the 2-D lattice fitted to them.
import type { ImageResult } from './protocol';

/** Canvas side in CSS pixels. */
const SIDE = 280;

/** A canvas showing `result`: the image, found spots (circles), lattice nodes (dots) and its basis (arrows). */
export function overlayCanvas(result: ImageResult): HTMLCanvasElement {
  const { width, height } = result;
  const scale = SIDE / Math.max(width, height);
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale * ratio);
  canvas.height = Math.round(height * scale * ratio);
  canvas.style.width = `${Math.round(width * scale)}px`;
  canvas.style.height = `${Math.round(height * scale)}px`;
  const context = canvas.getContext('2d')!;
  const rgba = new ImageData(width, height);
  for (let i = 0; i < result.pixels.length; i++) {
    const v = result.pixels[i]!;
    rgba.data.set([v, v, v, 255], 4 * i);
  }
  const source = new OffscreenCanvas(width, height);
  source.getContext('2d')!.putImageData(rgba, 0, 0);
  context.imageSmoothingEnabled = width < SIDE; // small simulated patterns look better smoothed
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  const k = scale * ratio;
  // pixel centres: image pixel (x, y) covers [x, x + 1)
  const at = (x: number, y: number): [number, number] => [(x + 0.5) * k, (y + 0.5) * k];
  context.lineWidth = 1.5 * ratio;
  context.strokeStyle = 'rgba(255, 196, 0, 0.95)';
  for (let s = 0; s < result.spots.length; s += 2) {
    const [x, y] = at(result.spots[s]!, result.spots[s + 1]!);
    context.beginPath();
    context.arc(x, y, 5 * ratio, 0, 2 * Math.PI);
    context.stroke();
  }
  const lattice = result.lattice;
  if (lattice) {
    const [cx, cy] = lattice.center;
    const [ax, ay, bx, by] = lattice.basis;
    const reach = Math.ceil(
      Math.hypot(width, height) / Math.max(1e-6, Math.min(Math.hypot(ax, ay), Math.hypot(bx, by))),
    );
    context.fillStyle = 'rgba(0, 220, 255, 0.9)';
    for (let i = -reach; i <= reach; i++) {
      for (let j = -reach; j <= reach; j++) {
        const px = cx + i * ax + j * bx;
        const py = cy + i * ay + j * by;
        if (px < 0 || py < 0 || px > width - 1 || py > height - 1) continue;
        const [x, y] = at(px, py);
        context.fillRect(x - 1.5 * ratio, y - 1.5 * ratio, 3 * ratio, 3 * ratio);
      }
    }
    context.strokeStyle = 'rgba(255, 64, 160, 1)';
    context.lineWidth = 2 * ratio;
    for (const [dx, dy] of [
      [ax, ay],
      [bx, by],
    ] as const) {
      const [x0, y0] = at(cx, cy);
      const [x1, y1] = at(cx + dx, cy + dy);
      context.beginPath();
      context.moveTo(x0, y0);
      context.lineTo(x1, y1);
      const angle = Math.atan2(y1 - y0, x1 - x0);
      for (const side of [-1, 1]) {
        context.moveTo(x1, y1);
        context.lineTo(
          x1 - 7 * ratio * Math.cos(angle + side * 0.4),
          y1 - 7 * ratio * Math.sin(angle + side * 0.4),
        );
      }
      context.stroke();
    }
  }
  return canvas;
}
