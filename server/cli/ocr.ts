/**
 * npm run ocr -- <image...> [--mode page|line] [--cls] [--json]
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
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help || positionals.length === 0) {
  console.log('usage: npm run ocr -- <image...> [--mode page|line] [--cls] [--json] [--threads N]');
  process.exit(values.help ? 0 : 2);
}
if (values.mode !== 'page' && values.mode !== 'line') {
  console.error(`--mode must be page or line, not ${values.mode}`);
  process.exit(2);
}
const engine = await createEngine({ threads: Number(values.threads) });
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
