/**
 * `npm run history`: lists the recorded runs (bench, compare, gate, calibration) and writes the trend page.
 *
 *   npm run history                         # reports/history.db -> reports/history/index.html
 *   npm run history -- --db FILE --out DIR --limit 50
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { loadVendorScripts } from '../report/vendor.ts';
import { writeReport } from '../report/write-report.ts';
import { EXIT } from '../../server/exit-codes.ts';
import { errorLine, helpEpilogue, UsageError } from '../../server/cli/convention.ts';
import { HistoryDb, historyPath } from './history-db.ts';
import { renderTrendPage } from './trend-page.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function historyCli(argv: string[], write: (s: string) => void = (s) => void process.stdout.write(s)): Promise<number> {
  const program = new Command('history')
    .option('--db <file>', 'history database (default reports/history.db, or OCRBENCH_HISTORY_DB)')
    .option('--out <dir>', 'folder for the trend page (default reports/history)')
    .option('--limit <n>', 'runs listed (default 30)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1');
      return n;
    })
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .addHelpText('after', helpEpilogue(['npm run history', 'npm run history -- --limit 50 --out /tmp/trend']));
  let opts: { db?: string; out?: string; limit?: number };
  try {
    opts = program.parse(argv, { from: 'user' }).opts();
  } catch (e) {
    if ((e as { code?: string }).code === 'commander.helpDisplayed') return EXIT.OK;
    process.stderr.write(errorLine('history', new UsageError((e as Error).message)));
    return EXIT.USAGE;
  }
  const file = opts.db ? path.resolve(opts.db) : (historyPath(root) ?? path.join(root, 'reports/history.db'));
  if (!existsSync(file)) {
    process.stderr.write(`history: no history at ${file} yet (a bench, compare or gate run creates it)\n`);
    return EXIT.FAILED;
  }
  let db: HistoryDb;
  try {
    db = new HistoryDb(file);
  } catch (e) {
    process.stderr.write(`history: cannot open ${file}: ${(e as Error).message}\n`);
    return EXIT.FAILED;
  }
  try {
    const runs = db.runs();
    const shown = runs.slice(0, opts.limit ?? 30);
    write(`${'id'.padStart(4)}  ${'at'.padEnd(20)}  ${'kind'.padEnd(11)}  ${'commit'.padEnd(16)}  ${'scenario'.padEnd(18)}  ${'machine'.padEnd(12)}  ${'verdict'.padEnd(8)}  note\n`);
    for (const r of shown) {
      write(`${String(r.id).padStart(4)}  ${r.at.slice(0, 19).padEnd(20)}  ${r.kind.padEnd(11)}  ${`${r.commit?.slice(0, 10) ?? '-'}${r.dirty ? '+dirty' : ''}`.padEnd(16)}  ${r.scenario.padEnd(18)}  ${r.fingerprint.padEnd(12)}  ${(r.verdict ?? '').padEnd(8)}  ${r.note ?? ''}\n`);
    }
    if (runs.length > shown.length) write(`(${runs.length - shown.length} older runs not listed; all are on the page)\n`);
    const out = path.resolve(opts.out ?? path.join(root, 'reports/history'));
    await writeReport(out, { 'index.html': renderTrendPage(runs, db.figures(), loadVendorScripts()) });
    write(`trend page: ${path.join(out, 'index.html')}\n`);
    return EXIT.OK;
  } finally {
    db.close();
  }
}

if (process.argv[1]?.endsWith('history-cli.ts')) {
  historyCli(process.argv.slice(2)).then((code) => process.exit(code));
}
