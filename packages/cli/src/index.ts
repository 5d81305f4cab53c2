export {
  argmax,
  type ClassifyOptions,
  cellPixelsOf,
  datasetRendering,
  labelProbabilities,
  loadClassifier,
  matchingSimulation,
  type PatternAnalysis,
  type PatternClassifier,
  type RenderingInfo,
} from './classifier';
export type { Command, CommandContext, OptionSpec, OptionValues } from './command';
export { CliError, ExitCode, isExpectedError, usageError } from './errors';
export { type GreyImage, readImage, toModelInput } from './images';
export { commands, type MainOptions, main } from './main';
export { defaultModelDir } from './model-files';
