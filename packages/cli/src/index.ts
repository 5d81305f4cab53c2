export type { Command, CommandContext, OptionSpec, OptionValues } from './command';
export { CliError, ExitCode, isExpectedError } from './errors';
export { commands, type MainOptions, main } from './main';
