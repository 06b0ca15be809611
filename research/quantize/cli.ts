/**
 * `npm run models -- <command>`:
 *   quantize [options]   build the int8 QDQ models (research/quantize/quantize-command.ts)
 *   speed [options]      fp32 vs int8 raw session time per model, interleaved (research/quantize/speed-command.ts)
 *   sensitivity [options] which recognizer nodes change its reading when quantized (research/quantize/sensitivity-command.ts)
 *   gate <fp32.json> <int8.json> ...   the accuracy gate table from npm run eval results (research/quantize/gate-command.ts)
 * Exit codes: 0 ok, 1 failure, 2 usage error.
 */
import { UsageError } from './usage-error.ts';

const USAGE = 'usage: npm run models -- quantize [--models det,cls,rec] [--method minmax|percentile] | speed [--reps N] | sensitivity --stats FILE | gate <fp32.json> <int8.json> ...';

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'quantize') {
    const { quantizeCommand } = await import('./quantize-command.ts');
    process.exitCode = await quantizeCommand(rest);
  } else if (command === 'speed') {
    const { speedCommand } = await import('./speed-command.ts');
    process.exitCode = await speedCommand(rest);
  } else if (command === 'sensitivity') {
    const { sensitivityCommand } = await import('./sensitivity-command.ts');
    process.exitCode = await sensitivityCommand(rest);
  } else if (command === 'gate') {
    const { gateCommand } = await import('./gate-command.ts');
    process.exitCode = await gateCommand(rest);
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
} catch (e) {
  if (e instanceof UsageError) {
    console.error(e.message);
    process.exitCode = 2;
  } else {
    console.error((e as Error).stack ?? e);
    process.exitCode = 1;
  }
}
