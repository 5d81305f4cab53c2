import { errorMessage } from '@sadp/errors';
import { version } from '../package.json';
import { type Command, parseCommandLine, renderHelp } from './command';
import { CliError, describeFsError, ExitCode, isExpectedError, usageError } from './errors';
import type { Io } from './output';

/** The sub-commands, loaded lazily so that `sadp --help` loads neither TensorFlow nor the simulator. */
export const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  demo: {
    summary: 'simulate patterns of a built-in crystal, classify them and print the verdict',
    load: () => import('./commands/demo').then((m) => m.default),
  },
  classify: {
    summary: 'images of one crystal → per-image labels and zone candidates, then the space-group verdict',
    load: () => import('./commands/classify').then((m) => m.default),
  },
  simulate: {
    summary: 'CIF + zone axes + kV + camera length → PNG patterns with JSON sidecars',
    load: () => import('./commands/simulate').then((m) => m.default),
  },
  labels: {
    summary: 'the 2D-lattice label of a CIF along zone axes, or the label registry',
    load: () => import('./commands/labels').then((m) => m.default),
  },
  train: {
    summary: 'train a ResNet on a dataset folder on CPU (wasm) or GPU, with checkpoints and --resume',
    load: () => import('./commands/train').then((m) => m.default),
  },
  eval: {
    summary: 'evaluate a trained model on an image folder: top-k, per-class accuracy, confusion matrix',
    load: () => import('./commands/eval').then((m) => m.default),
  },
  dataset: {
    summary: 'folders of CIFs → labelled train/val PNG sets split by CIF, with manifest and summary card',
    load: () => import('./commands/dataset').then((m) => m.default),
  },
};

/** Options of {@link main}. */
export interface MainOptions {
  /** Where results go (default `process.stdout`). */
  out?: NodeJS.WritableStream;
  /** Where progress and errors go (default `process.stderr`). */
  err?: NodeJS.WritableStream;
}

function rootHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return [
    `sadp ${version}: classify crystal space groups from selected-area electron diffraction patterns.`,
    '',
    'Usage: sadp <command> [options]      sadp <command> --help for its options and examples',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options: --json (machine-readable output), --debug (stack traces), --help, --version',
    '',
    'Start with: npx sadp demo',
  ].join('\n');
}

/**
 * Runs the `sadp` command line with `argv` (without `node` and the script) and resolves to the exit code.
 * Never calls `process.exit`, so it can be embedded and tested.
 *
 * @example
 * const code = await main(['labels', 'Si.cif', '--zone', '011', '--json']);
 */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const io: Io = {
    out: (options.out ?? process.stdout) as Io['out'],
    err: (options.err ?? process.stderr) as Io['err'],
    json: argv.includes('--json'),
  };
  const debug = argv.includes('--debug');
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out.write(`${rootHelp()}\n`);
      return ExitCode.ok;
    }
    if (name === '--version' || name === '-v') {
      io.out.write(`${version}\n`);
      return ExitCode.ok;
    }
    const entry = commands[name];
    if (!entry) {
      throw usageError(`unknown command "${name}"; commands: ${Object.keys(commands).join(', ')}`);
    }
    const command = await entry.load();
    const { args, options: values } = parseCommandLine(command, rest);
    if (values.help) {
      io.out.write(`${renderHelp(command)}\n`);
      return ExitCode.ok;
    }
    await command.run({ args, options: values, io });
    return ExitCode.ok;
  } catch (error) {
    return report(io, error, debug);
  }
}

function report(io: Io, error: unknown, debug: boolean): number {
  if (error instanceof CliError) {
    io.err.write(`sadp: ${error.message}\n`);
    if (error.exitCode === ExitCode.usage) io.err.write('Run `sadp --help` for usage.\n');
    return error.exitCode;
  }
  if (isExpectedError(error)) {
    io.err.write(`sadp: ${error.message} [${error.code}]\n`);
    return ExitCode.badInput;
  }
  const fsError = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof fsError.code === 'string' && typeof fsError.path === 'string') {
    // the environment, not a bug: a folder that cannot be written, a full disk
    io.err.write(
      `sadp: ${fsError.path}: ${describeFsError(error)} (${fsError.syscall ?? 'fs'} ${fsError.code})\n`,
    );
    return ExitCode.badInput;
  }
  const message = errorMessage(error);
  io.err.write(`sadp: unexpected error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) io.err.write(`${error.stack}\n`);
  else io.err.write('Run again with --debug for the stack trace.\n');
  return ExitCode.internal;
}
