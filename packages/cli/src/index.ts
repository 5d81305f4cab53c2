/**
 * The classifier moved to `@sadp/classifier`; these re-exports keep existing imports working.
 *
 * @deprecated Import them from `@sadp/classifier`.
 */
export {
  argmax,
  type ClassifyOptions,
  cellPixelsOf,
  datasetRendering,
  defaultModelDir,
  type GreyImage,
  labelProbabilities,
  loadClassifier,
  matchingSimulation,
  type PatternAnalysis,
  type PatternClassifier,
  type RenderingInfo,
  readImage,
  toModelInput,
} from '@sadp/classifier';
export type { Command, CommandContext, OptionSpec, OptionValues } from './command';
export { CliError, ExitCode, isExpectedError, usageError } from './errors';
export { commands, type MainOptions, main } from './main';
