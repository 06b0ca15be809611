import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The chart libraries' browser builds, inlined into report.html so it opens offline from disk. */
export interface VendorScripts {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
  versions: { vega: string; vegaLite: string; vegaEmbed: string };
}

let cached: VendorScripts | undefined;

/**
 * Reads the UMD builds from node_modules once per process. Reading installed package files is the
 * one input renderReport takes besides its arguments; they are fixed by package-lock.json.
 */
export function loadVendorScripts(): VendorScripts {
  if (cached) return cached;
  const build = (pkg: string) => dirname(fileURLToPath(import.meta.resolve(pkg)));
  const read = (pkg: string, file: string) =>
    readFileSync(join(build(pkg), file), 'utf8')
      // The map files are not inlined; a dangling sourceMappingURL makes devtools fetch them.
      .replace(/\/\/# sourceMappingURL=\S+\s*$/, '')
      // Defensive: the builds contain no "</script" today, and must never end the inline tag early.
      .replaceAll('</script', '<\\/script');
  const version = (pkg: string) => (JSON.parse(readFileSync(join(build(pkg), '..', 'package.json'), 'utf8')) as { version: string }).version;
  cached = {
    vega: read('vega', 'vega.min.js'),
    vegaLite: read('vega-lite', 'vega-lite.min.js'),
    vegaEmbed: read('vega-embed', 'vega-embed.min.js'),
    versions: { vega: version('vega'), vegaLite: version('vega-lite'), vegaEmbed: version('vega-embed') },
  };
  return cached;
}
