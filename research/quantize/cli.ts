/**
 * `npm run models -- <command>`:
 *   quantize --models det,cls,rec [options]  build the int8 QDQ models (research/quantize/quantize-command.ts)
 *   speed [options]      fp32 vs int8 raw session time per model, interleaved (research/quantize/speed-command.ts)
 *   sensitivity [options] which recognizer nodes change its reading when quantized (research/quantize/sensitivity-command.ts)
 *   gate <fp32.json> <int8.json> ...   the accuracy gate table from npm run eval results (research/quantize/gate-command.ts)
 * Exit codes: the shared table (docs/guides/cli.md).
 */
import { helpEpilogue, runCli, UsageError } from '../../server/cli/convention.ts';
import { UsageError as ModelsUsageError } from './usage-error.ts';

const HELP = `usage: npm run models -- <command> [options]
commands:
  quantize --models det,cls,rec [--method minmax|percentile] [--out DIR] [--write-manifest]
                 rebuild the int8 models (minutes; by default overwrites the committed models/int8/ files,
                 so --models is required)
  speed [--reps N] [--runs N] [--models det,cls,rec]   fp32 vs int8 session time per model
  sensitivity --stats FILE                             recognizer nodes that change the reading when quantized
  gate <fp32.json> <int8.json> ...                     the accuracy gate table from npm run eval results
${helpEpilogue(['npm run models -- quantize --models rec --out /tmp/int8', 'npm run models -- gate fp32.json int8.json'])}`;

const COMMANDS: Record<string, () => Promise<{ run: (argv: string[]) => Promise<number> }>> = {
  quantize: async () => ({ run: (await import('./quantize-command.ts')).quantizeCommand }),
  speed: async () => ({ run: (await import('./speed-command.ts')).speedCommand }),
  sensitivity: async () => ({ run: (await import('./sensitivity-command.ts')).sensitivityCommand }),
  gate: async () => ({ run: (await import('./gate-command.ts')).gateCommand }),
};

runCli('models', async () => {
  const [command, ...rest] = process.argv.slice(2);
  if (command === '--help' || command === '-h' || command === 'help' || rest.includes('--help')) return process.stdout.write(HELP), 0;
  if (command === undefined) throw new UsageError('a command is required: quantize, speed, sensitivity or gate');
  if (!COMMANDS[command]) throw new UsageError(`unknown command or option '${command}'`);
  // A bare quantize would spend minutes and overwrite the committed int8 files: ask for the models by name.
  if (command === 'quantize' && !rest.some((a) => a === '--models' || a.startsWith('--models='))) throw new UsageError('quantize needs --models (e.g. --models det,cls,rec); it overwrites models/int8/ unless --out is given');
  try {
    return await (await COMMANDS[command]()).run(rest);
  } catch (e) {
    throw e instanceof ModelsUsageError ? new UsageError(e.message) : e;
  }
});
