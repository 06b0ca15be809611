import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const scenariosDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scenarios');

/** Names of the scenario files (scenarios/<name>.ts, tests excluded). A new file is a new scenario: no registry. */
export async function listScenarios(dir = scenariosDir): Promise<string[]> {
  const files = await readdir(dir);
  return files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3)).sort();
}

/** The default export of scenarios/<name>.ts, unvalidated (normalizeScenario checks it). */
export async function loadScenario(name: string, dir = scenariosDir): Promise<unknown> {
  const known = await listScenarios(dir);
  if (!known.includes(name)) throw new Error(`unknown scenario "${name}"; known: ${known.join(', ')}`);
  const mod = (await import(pathToFileURL(path.join(dir, `${name}.ts`)).href)) as { default?: unknown };
  return mod.default;
}
