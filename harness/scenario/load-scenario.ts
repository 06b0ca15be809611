import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const scenariosDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scenarios');

const FILE_TYPES = ['.ts', '.json', '.yaml', '.yml'];

/** Names of the scenario files (scenarios/<name>.ts, tests excluded). A new file is a new scenario: no registry. */
export async function listScenarios(dir = scenariosDir): Promise<string[]> {
  const files = await readdir(dir);
  return files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3)).sort();
}

/** Whether `--scenario X` names a file on disk rather than a bundled scenario. */
export function isScenarioPath(nameOrPath: string): boolean {
  return nameOrPath.includes('/') || nameOrPath.includes(path.sep) || FILE_TYPES.includes(path.extname(nameOrPath).toLowerCase());
}

/**
 * A scenario, unvalidated (normalizeScenario checks it): the default export of scenarios/<name>.ts,
 * or a file anywhere on disk (.ts with a default export, .json or .yaml). Errors are one line each.
 */
export async function loadScenario(nameOrPath: string, dir = scenariosDir): Promise<unknown> {
  if (isScenarioPath(nameOrPath)) return loadScenarioFile(path.resolve(nameOrPath));
  const known = await listScenarios(dir);
  if (!known.includes(nameOrPath)) throw new Error(`unknown scenario "${nameOrPath}"; known: ${known.join(', ')} (or a file path: .ts, .json, .yaml)`);
  const mod = (await import(pathToFileURL(path.join(dir, `${nameOrPath}.ts`)).href)) as { default?: unknown };
  return mod.default;
}

async function loadScenarioFile(file: string): Promise<unknown> {
  const ext = path.extname(file).toLowerCase();
  if (!FILE_TYPES.includes(ext)) throw new Error(`scenario file ${file}: expected .ts, .json or .yaml`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read scenario file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    if (ext === '.json') return JSON.parse(text);
    if (ext !== '.ts') return parseYaml(text);
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    if (mod.default === undefined) throw new Error('has no default export (export default defineScenario({...}))');
    return mod.default;
  } catch (err) {
    throw new Error(`scenario file ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
}
