/**
 * npm run ocr -- <image...> [--mode page|line] [--cls] [--json] [--precision int8|fp32]
 * Prints each image's text, or the full result JSON with --json.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createEngine } from '../ocr/engine.ts';
import { isOcrError } from '../ocr/errors.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    mode: { type: 'string', default: 'page' },
    cls: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    threads: { type: 'string', default: '1' },
    precision: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help || positionals.length === 0) {
  console.log('usage: npm run ocr -- <image...> [--mode page|line] [--cls] [--json] [--threads N] [--precision int8|fp32]');
  process.exit(values.help ? 0 : 2);
}
if (values.mode !== 'page' && values.mode !== 'line') {
  console.error(`--mode must be page or line, not ${values.mode}`);
  process.exit(2);
}
if (values.precision !== undefined && values.precision !== 'int8' && values.precision !== 'fp32') {
  console.error(`--precision must be int8 or fp32, not ${values.precision}`);
  process.exit(2);
}
const engine = await createEngine({ threads: Number(values.threads), precision: values.precision as 'int8' | 'fp32' | undefined });
console.error(`models: ${engine.models.map((m) => `${m.id} (${m.precision})`).join(', ')}`);
let failed = 0;
for (const file of positionals) {
  try {
    const result = await engine.recognize(await readFile(file), { mode: values.mode, cls: values.cls });
    if (values.json) console.log(JSON.stringify({ file, ...result }, null, 2));
    else console.log(`# ${file} (${result.lines.length} lines, ${result.timings.total} ms)\n${result.text}`);
  } catch (e) {
    failed++;
    console.error(`# ${file}: ${isOcrError(e) ? `${e.code}: ${e.message}` : (e as Error).stack}`);
  }
}
await engine.close();
process.exit(failed ? 1 : 0);
