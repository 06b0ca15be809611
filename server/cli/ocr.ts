/**
 * npm run ocr -- <image...> [--mode page|line] [--cls] [--json] [--precision int8|fp32]
 * Prints each image's text, or the full result JSON with --json.
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, Option } from 'commander';
import { createEngine } from '../ocr/engine.ts';
import { isOcrError } from '../ocr/errors.ts';
import { EXIT } from '../exit-codes.ts';
import { cliProgram, runCli } from './convention.ts';

const positiveInt = (v: string) => {
  if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError('expected a positive integer');
  return Number(v);
};

const program = cliProgram('ocr', 'Read images with the embedded engine (no server) and print their text.', [
  'npm run ocr -- datasets/real-public/images/*.png',
  'npm run ocr -- page.png --json --cls',
])
  .argument('<image...>', 'image files to read')
  .addOption(new Option('--mode <mode>', 'page: detect lines first; line: the image is one text line').choices(['page', 'line']).default('page'))
  .option('--cls', 'run the text-line orientation classifier', false)
  .option('--json', 'print the full result JSON per image', false)
  .option('--threads <n>', 'onnxruntime intra-op threads', positiveInt, 1)
  .addOption(new Option('--precision <p>', 'model precision (default: the manifest default)').choices(['int8', 'fp32']));

runCli('ocr', async () => {
  program.parse();
  const files = program.args;
  const opts = program.opts<{ mode: 'page' | 'line'; cls: boolean; json: boolean; threads: number; precision?: 'int8' | 'fp32' }>();
  const engine = await createEngine({ threads: opts.threads, precision: opts.precision });
  console.error(`models: ${engine.models.map((m) => `${m.id} (${m.precision})`).join(', ')}`);
  let failed = 0;
  for (const file of files) {
    try {
      const result = await engine.recognize(await readFile(file), { mode: opts.mode, cls: opts.cls });
      if (opts.json) console.log(JSON.stringify({ file, ...result }, null, 2));
      else console.log(`# ${file} (${result.lines.length} lines, ${result.timings.total} ms)\n${result.text}`);
    } catch (e) {
      failed++;
      console.error(`# ${file}: ${isOcrError(e) ? `${e.code}: ${e.message}` : (e as Error).message}`);
    }
  }
  await engine.close();
  return failed ? EXIT.FAILED : EXIT.OK;
});
