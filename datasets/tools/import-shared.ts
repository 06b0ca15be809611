/**
 * One-off import of ../shared/datasets/real-public (lines.jsonl + pages.jsonl) into the repo's single
 * manifest format (datasets/<name>/manifest.jsonl). Sizes are those after EXIF orientation, which is
 * what the engine reports. Run: npx tsx datasets/tools/import-shared.ts [srcDir] [destDir]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

interface SharedRow {
  file: string;
  text?: string;
  lines?: string[];
  lang: string;
  kind: string;
  source: string;
  license: string;
  tags?: string[];
}

const src = process.argv[2] ?? '../shared/datasets/real-public';
const dest = process.argv[3] ?? 'datasets/real-public';
const out: string[] = [];
for (const [manifest, kind] of [['lines.jsonl', 'line'], ['pages.jsonl', 'page']] as const) {
  const rows = (await readFile(path.join(src, manifest), 'utf8')).split('\n').filter(Boolean);
  for (const raw of rows) {
    const r = JSON.parse(raw) as SharedRow;
    const meta = await sharp(path.join(src, r.file)).metadata();
    const swap = (meta.orientation ?? 1) >= 5;
    const item = {
      id: r.file.replace(/\.[a-z]+$/i, ''),
      file: r.file,
      kind,
      category: r.kind,
      lang: r.lang,
      ...(kind === 'line' ? { text: r.text } : { lines: (r.lines ?? []).map((text) => ({ text })) }),
      width: swap ? meta.height : meta.width,
      height: swap ? meta.width : meta.height,
      source: r.source,
      license: r.license,
      ...(r.tags?.length ? { tags: r.tags } : {}),
    };
    out.push(JSON.stringify(item));
  }
}
await writeFile(path.join(dest, 'manifest.jsonl'), out.join('\n') + '\n');
console.log(`wrote ${out.length} items to ${path.join(dest, 'manifest.jsonl')}`);
