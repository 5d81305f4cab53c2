/**
 * Records in a model folder how many training images each label had (`trainingLabels`, read by
 * `readModelMetadata`), counted from the `train/<label>/*.png` folders of the dataset it was trained on as
 * `sadp train` counts them (`labelCounts` of the same `imageFolderDataSource`). `sadp train` records this itself since it was added; this script adds it
 * to models trained before.
 *
 *   npx tsx packages/classifier/scripts/set-training-labels.ts <model-dir> <dataset-dir>
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageFolderDataSource } from '@sadp/resnet';
import { labelCounts } from '../../cli/src/model-files';

const [modelDir, datasetDir] = process.argv.slice(2);
if (!modelDir || !datasetDir) throw new Error('usage: set-training-labels.ts <model-dir> <dataset-dir>');
const file = join(modelDir, 'model.json');
const model = JSON.parse(readFileSync(file, 'utf8'));
const sadp = model.userDefinedMetadata.sadp as { labels: string[]; trainingLabels?: Record<string, number> };
const trainDir = join(datasetDir, 'train');
const data = imageFolderDataSource(trainDir, { labels: sadp.labels });
sadp.trainingLabels = labelCounts(data);
await data.close?.();
const total = Object.values(sadp.trainingLabels).reduce((a, b) => a + b, 0);
if (total === 0) throw new Error(`${trainDir}: no training images`);
writeFileSync(`${file}.tmp`, JSON.stringify(model));
renameSync(`${file}.tmp`, file);
console.log(`${file}: trainingLabels of ${total} images, ${sadp.labels.length} labels`);
