// Generates a tiny labelled dataset (5 CIFs + synthetic crystals, 4 zone axes, 2 voltages, 128 px) into a
// temporary folder, prints the summary card and a manifest line, then shows the on-the-fly augmentation.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { augmentImage, formatDatasetProgress, generateDataset, readManifest } from '@sadp/dataset';

const cifs = fileURLToPath(new URL('./cifs', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'sadp-example-dataset-'));
try {
  const summary = await generateDataset(
    {
      inputs: [cifs],
      outDir,
      spaceGroups: [213, 221, 225, 227, 229],
      zones: [
        [0, 0, 1],
        [0, 1, 1],
        [1, 1, 1],
        [0, 1, 2],
      ],
      voltages: [120e3, 200e3],
      cameraLengths: [500],
      size: 128,
      seed: 1,
      valFraction: 0.2,
      synthetic: { perGroup: 2 },
      // detector-like conditions for half of the images: shot noise, background, up to 1° of tilt
      imaging: { fraction: 0.5, poisson: [20, 500], background: [0, 0.05], tilt: 1 },
    },
    { onProgress: (p) => process.stdout.write(`\r${formatDatasetProgress(p)}`) },
  );
  process.stdout.write('\n\n');
  process.stdout.write(readFileSync(join(outDir, 'summary.md'), 'utf8'));
  const [first] = readManifest(join(outDir, 'manifest.jsonl'));
  console.log('\nfirst manifest line:', JSON.stringify(first));
  console.log(`${summary.train} train + ${summary.val} val images under ${outDir}/{train,val}/<label>/`);

  // the paper's training-time augmentation, on any 256×256 (here 128×128) Float32Array image
  const image = new Float32Array(128 * 128).fill(0);
  image[64 * 128 + 80] = 1;
  const aug = augmentImage(image, 128, 42, { rotation: [0, 30], crop: 112 });
  console.log('augmented:', aug.size, 'px, params', aug.params);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
