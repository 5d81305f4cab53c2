/**
 * Training presets.
 *
 * @packageDocumentation
 */
import type { TrainingAugmentOptions } from './augment.js';
import type { LrSchedule } from './schedule.js';

/** Hyper-parameters of a training run (everything {@link TrainPreset} fixes). */
export interface TrainPreset {
  /** Epochs. */
  epochs: number;
  /** Images per optimiser step. */
  batchSize: number;
  /** SGD momentum. */
  momentum: number;
  /** Learning-rate schedule. */
  schedule: LrSchedule;
  /** Label smoothing of the cross-entropy (0 = none). */
  labelSmoothing: number;
  /** Decoupled weight decay per step (`w ← w − lr·wd·w` on conv and dense kernels; 0 = none). */
  weightDecay: number;
  /** Augmentation, or false for none. */
  augment: TrainingAugmentOptions | false;
  /** Suggested model input size and width (used when the caller builds the model from a preset). */
  model: { inputSize: number; widthMultiplier: number };
}

/**
 * `paper`: the paper's fine-tuning recipe (Ra et al. 2021; PyTorch's transfer-learning defaults):
 * SGD momentum 0.9, lr 0.001 × 0.1 every 7 epochs, 25 epochs, batch 16, 224 px, full width.
 * `cpu`: reaches good accuracy from scratch within a CPU budget: 64 px, half width, batch 32,
 * one-cycle (max lr 0.1), label smoothing 0.1, weight decay 5e-4, 12 epochs.
 */
export const presets: Readonly<Record<'paper' | 'cpu', TrainPreset>> = {
  paper: {
    epochs: 25,
    batchSize: 16,
    momentum: 0.9,
    schedule: { kind: 'step', lr: 0.001, stepSize: 7, gamma: 0.1 },
    labelSmoothing: 0,
    weightDecay: 0,
    augment: { rotation: 30, scale: [0.9, 1.1], crop: 0.1 },
    model: { inputSize: 224, widthMultiplier: 1 },
  },
  cpu: {
    epochs: 12,
    batchSize: 32,
    momentum: 0.9,
    schedule: { kind: 'one-cycle', maxLr: 0.1, pctStart: 0.25 },
    labelSmoothing: 0.1,
    weightDecay: 5e-4,
    augment: { rotation: 30, scale: [0.9, 1.1], crop: 0.08 },
    model: { inputSize: 64, widthMultiplier: 0.5 },
  },
};
