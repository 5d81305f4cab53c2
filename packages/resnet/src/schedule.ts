/**
 * Learning-rate schedules.
 *
 * @packageDocumentation
 */

/** A learning-rate schedule. */
export type LrSchedule =
  | {
      /** Step decay: `lr · gamma^floor(epoch / stepSize)` (PyTorch `StepLR`). */
      kind: 'step';
      lr: number;
      stepSize: number;
      gamma: number;
    }
  | {
      /**
       * One-cycle (Smith): cosine warm-up from `maxLr / divFactor` to `maxLr` over the first `pctStart`
       * of all steps, then cosine annealing to `maxLr / finalDivFactor`.
       */
      kind: 'one-cycle';
      maxLr: number;
      pctStart?: number;
      divFactor?: number;
      finalDivFactor?: number;
    }
  | { kind: 'constant'; lr: number };

/**
 * Learning rate at optimiser step `step` (0-based) of `totalSteps`, with `stepsPerEpoch` steps per epoch.
 */
export function learningRateAt(
  schedule: LrSchedule,
  step: number,
  stepsPerEpoch: number,
  totalSteps: number,
): number {
  switch (schedule.kind) {
    case 'constant':
      return schedule.lr;
    case 'step':
      return schedule.lr * schedule.gamma ** Math.floor(Math.floor(step / stepsPerEpoch) / schedule.stepSize);
    case 'one-cycle': {
      const pct = schedule.pctStart ?? 0.3;
      const start = schedule.maxLr / (schedule.divFactor ?? 25);
      const end = schedule.maxLr / (schedule.finalDivFactor ?? 1e4);
      const warm = Math.max(1, Math.round(pct * totalSteps));
      const cos = (a: number, b: number, t: number) => b + ((a - b) * (1 + Math.cos(Math.PI * t))) / 2;
      if (step < warm) return cos(start, schedule.maxLr, step / warm);
      return cos(schedule.maxLr, end, Math.min(1, (step - warm) / Math.max(1, totalSteps - warm)));
    }
  }
}
