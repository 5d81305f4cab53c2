import { errorMessage, SadpError } from '@sadp/errors';

/** An expected failure of a command (bad argument, missing file, wrong format): printed as one line, no stack. */
export class CliError extends SadpError {
  override name = 'CliError';
  /** Process exit code to use. */
  readonly exitCode: number;

  /** `options.code`: machine-readable code, e.g. `"E_CLI_USAGE"`, default `"E_CLI_INPUT"`. */
  constructor(message: string, options: { code?: string; exitCode?: number; cause?: unknown } = {}) {
    super(options.code ?? 'E_CLI_INPUT', message, options);
    this.exitCode = options.exitCode ?? 1;
  }
}

/** A usage error (bad option or argument): exit code 2, with a hint to run `--help`. */
export function usageError(message: string, cause?: unknown): CliError {
  return new CliError(message, {
    code: 'E_CLI_USAGE',
    exitCode: ExitCode.usage,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Exit codes of the `sadp` command. */
export const ExitCode = {
  ok: 0,
  /** The input was read but is invalid (corrupt CIF, not an image, wrong size). */
  badInput: 1,
  /** The command line itself is wrong (unknown command or option, missing argument). */
  usage: 2,
  /** A bug or an environment problem: printed with its stack under `--debug`. */
  internal: 70,
} as const;

/**
 * True for errors that the packages throw on purpose for bad input: every sadp package's errors carry a
 * string `code` starting with `E_`. These are printed as one line.
 */
export function isExpectedError(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('E_');
}

/** A Node file-system error in words: `permission denied`, `is a file`, ... */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'EEXIST':
    case 'ENOTDIR':
      return 'a file is in the way, not a folder';
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return errorMessage(error);
  }
}
