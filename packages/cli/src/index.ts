export type { Command, CommandContext, OptionSpec, OptionValues } from './command';
export { CliError, ExitCode, isExpectedError, usageError } from './errors';
export { commands, type MainOptions, main } from './main';
