import { parseArgs } from 'node:util';
import { CliError, usageError } from './errors';
import type { Io } from './output';

/** One option of a command, as `node:util` `parseArgs` takes it plus the text `--help` shows. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** One-letter alias, e.g. `"o"` for `-o`. */
  short?: string;
  /** Whether the option may repeat (its value is then an array). */
  multiple?: boolean;
  /** What `--help` says about it. */
  description: string;
  /** Placeholder of the value in `--help`, e.g. `"kV"`. */
  valueName?: string;
  /** Default shown in `--help` and used when the option is absent (an array for `multiple` options). */
  default?: string | boolean | string[];
}

/** Values of parsed options: strings, booleans or arrays of strings for repeatable options. */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** What a command's `run` receives. */
export interface CommandContext {
  /** Positional arguments. */
  args: string[];
  /** Parsed options (defaults applied). */
  options: OptionValues;
  io: Io;
}

/** A sub-command of `sadp`: its arguments, its help and the function that runs it. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Positional part of the usage line, e.g. `"<cif> [more.cif...]"`. */
  usage?: string;
  /** Minimum number of positional arguments. */
  minArgs?: number;
  options: Record<string, OptionSpec>;
  /** Example command lines shown by `--help`. */
  examples: string[];
  run(context: CommandContext): Promise<void>;
}

/** Options every command accepts. */
export const globalOptions: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print one machine-readable JSON document on stdout' },
  debug: { type: 'boolean', description: 'print the stack trace of unexpected errors' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** Identity function that types a command definition. */
export function defineCommand(command: Command): Command {
  return command;
}

/** Parses `argv` (after the command name) against a command's options; usage errors become {@link CliError}. */
export function parseCommandLine(
  command: Command,
  argv: string[],
): { args: string[]; options: OptionValues } {
  const spec = { ...command.options, ...globalOptions };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(spec).map(([name, o]) => [
          name,
          {
            type: o.type,
            ...(o.short ? { short: o.short } : {}),
            ...(o.multiple ? { multiple: true } : {}),
            ...(o.default !== undefined ? { default: o.default } : {}),
          },
        ]),
      ),
    });
  } catch (error) {
    throw usageError(`${command.name}: ${(error as Error).message}`);
  }
  const args = parsed.positionals;
  if (!parsed.values.help && args.length < (command.minArgs ?? 0)) {
    throw usageError(`${command.name}: expected ${command.usage ?? 'more arguments'}`);
  }
  return { args, options: parsed.values as OptionValues };
}

/** The `--help` text of a command. */
export function renderHelp(command: Command): string {
  const rows = Object.entries({ ...command.options, ...globalOptions }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` <${o.valueName ?? 'value'}>` : ''}`;
    const def = o.default !== undefined && o.default !== false ? ` (default: ${o.default})` : '';
    return [flag, `${o.description}${def}`] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `${command.summary}`,
    '',
    `Usage: sadp ${command.name}${command.usage ? ` ${command.usage}` : ''} [options]`,
    '',
    'Options:',
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
  ].join('\n');
}

/** Reads a string option, or `undefined`. */
export function stringOption(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a numeric option, failing with a clear usage error when it is not a finite number. */
export function numberOption(options: OptionValues, name: string): number | undefined {
  const value = stringOption(options, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw usageError(`--${name} expects a number, got "${value}"`);
  }
  return n;
}

/** Reads a repeatable or comma-separated option as a list of strings. */
export function listOption(options: OptionValues, name: string): string[] | undefined {
  const value = options[name];
  if (value === undefined || typeof value === 'boolean') return undefined;
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).filter((v) => v.length > 0);
}

/** Reads a repeatable or comma-separated option as a list of numbers. */
export function numberListOption(options: OptionValues, name: string): number[] | undefined {
  return listOption(options, name)?.map((v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw usageError(`--${name} expects numbers, got "${v}"`);
    return n;
  });
}
