/**
 * The Node entry of `@sadp/diffraction-sim`: everything of the browser entry, plus the worker-thread batch pool
 * and the PNG encoder.
 *
 * @packageDocumentation
 */

export {
  type BatchJob,
  type PoolOptions,
  type RunOptions,
  SimulationPool,
  simulateBatch,
  type WorkerMemory,
} from './batch';
export type { BatchOutput, BatchResult } from './batch-protocol';
export * from './browser';
export { type EncodableImage, type EncodePngOptions, encodePng, patternMetadata } from './png';
