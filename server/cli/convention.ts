/**
 * The one convention every `npm run` command follows (docs/guides/cli.md): `--help` exits 0 with the
 * flags, examples and the exit-code table; a usage error is ONE line on stderr and exit 2; any other
 * error is one line and exit 1, never a stack trace (set OCRBENCH_DEBUG=1 to get the stack).
 */
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { EXIT, exitCodeTable } from '../exit-codes.ts';

/**
 * A path the user typed, against the directory they typed it in: `npm run` starts scripts in the
 * package root and leaves the caller's directory in INIT_CWD.
 */
export const fromCaller = (p = '.'): string => path.resolve(process.env.INIT_CWD ?? process.cwd(), p);

/** Bad flags or arguments: the command prints one line and exits 2 before starting anything. */
export class UsageError extends Error {}

/** What follows the flags in every `--help`: examples, then the shared exit-code table. */
export function helpEpilogue(examples: readonly string[]): string {
  const ex = examples.length ? `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n` : '';
  return `${ex}\n${exitCodeTable()}`;
}

function isUsage(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return e instanceof UsageError || e instanceof CommanderError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_'));
}

/** The one stderr line for an error: its lines joined, with a pointer to --help for usage errors. */
export function errorLine(script: string, e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const text = raw.replace(/^error: /, '').split('\n').map((l) => l.trim()).filter(Boolean).join(' ') || 'unknown error';
  return `error: ${text}${isUsage(e) ? ` (see npm run ${script} -- --help)` : ''}\n`;
}

/** Exits with the code a thrown error stands for, after its one line. */
export function exitOnError(script: string, e: unknown): never {
  if (e instanceof CommanderError && e.exitCode === 0) process.exit(EXIT.OK); // --help, already printed
  process.stderr.write(process.env.OCRBENCH_DEBUG && e instanceof Error && !isUsage(e) ? `${e.stack}\n` : errorLine(script, e));
  process.exit(isUsage(e) ? EXIT.USAGE : EXIT.FAILED);
}

/** Runs a command's main and exits with its code; a throw becomes one line (exit 2 for usage, else 1). */
export function runCli(script: string, main: () => Promise<number> | number): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => process.exit(code),
      (e) => exitOnError(script, e),
    );
}

/**
 * A commander program set up to the convention: its errors throw (runCli turns them into one line and
 * exit 2) instead of exiting 1 with commander's own text, and its help ends with the examples and table.
 */
export function cliProgram(script: string, description: string, examples: readonly string[]): Command {
  return new Command(`npm run ${script} --`)
    .description(description)
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .allowExcessArguments(false)
    .addHelpText('after', helpEpilogue(examples));
}
