import { describe, expect, it } from 'vitest';
import { defineCommand, numberOption, parseCommandLine, renderHelp } from '../src/command';
import { type Command, ExitCode } from '../src/index';
import { commands } from '../src/main';
import { runCli } from './run-cli';

const echo: Command = defineCommand({
  name: 'echo',
  summary: 'echoes its arguments',
  usage: '<word...>',
  minArgs: 1,
  options: { times: { type: 'string', valueName: 'n', description: 'how often', default: '1' } },
  examples: ['sadp echo hello --times 2'],
  async run({ args, options, io }) {
    const times = numberOption(options, 'times') ?? 1;
    io.out.write(`${Array.from({ length: times }, () => args.join(' ')).join('\n')}\n`);
  },
});

// Real work: a generous timeout so that a busy machine cannot fail it (speed goals live in bench/).
describe('sadp command line', { timeout: 120_000 }, () => {
  it('prints the command list and exits 0 without arguments', async () => {
    const { code, out } = await runCli([]);
    expect(code).toBe(ExitCode.ok);
    expect(out).toMatch(/^sadp \d+\.\d+\.\d+/);
    for (const name of Object.keys(commands)) expect(out).toContain(name);
  });

  it('prints its version', async () => {
    const { code, out } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rejects an unknown command with a usage error on stderr and exit code 2', async () => {
    const { code, out, err } = await runCli(['frobnicate']);
    expect(code).toBe(ExitCode.usage);
    expect(out).toBe('');
    expect(err).toContain('unknown command "frobnicate"');
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe('command definitions', () => {
  it('parses options with defaults and positionals', () => {
    const { args, options } = parseCommandLine(echo, ['a', 'b', '--times', '3']);
    expect(args).toEqual(['a', 'b']);
    expect(numberOption(options, 'times')).toBe(3);
    expect(parseCommandLine(echo, ['x']).options.times).toBe('1');
  });

  it('turns unknown options, missing arguments and non-numbers into usage errors', () => {
    expect(() => parseCommandLine(echo, ['a', '--nope'])).toThrow(/echo: .*--nope/);
    expect(() => parseCommandLine(echo, [])).toThrow(/expected <word\.\.\.>/);
    const { options } = parseCommandLine(echo, ['a', '--times', 'many']);
    expect(() => numberOption(options, 'times')).toThrow('--times expects a number, got "many"');
  });

  it('renders help with every option, its default and the examples', () => {
    const help = renderHelp(echo);
    expect(help).toContain('Usage: sadp echo <word...> [options]');
    expect(help).toMatch(/--times <n>\s+how often \(default: 1\)/);
    expect(help).toContain('--json');
    expect(help).toContain('sadp echo hello --times 2');
  });
});
