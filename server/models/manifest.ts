import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OcrError } from '../ocr/errors.ts';
import type { ClsSpec, DetSpec, FileRef, ManifestData, ModelRole, ModelSpec, Precision, PrecisionChoice, RecSpec } from './manifest-schema.ts';

export type { ClsSpec, DetSpec, ManifestData, ModelRole, ModelSpec, Precision, PrecisionChoice, RecSpec } from './manifest-schema.ts';

export const DEFAULT_MANIFEST = fileURLToPath(new URL('../../models/manifest.json', import.meta.url));

/**
 * A command-line precision: `int8`, `fp32`, or per role (`det=int8,rec=int8`; roles not named stay fp32),
 * so one model's int8 twin can be measured without the others'.
 */
export function parsePrecisionChoice(text: string): PrecisionChoice {
  if (text === 'int8' || text === 'fp32') return text;
  const choice: Record<ModelRole, Precision> = { det: 'fp32', cls: 'fp32', rec: 'fp32' };
  for (const part of text.split(',')) {
    const [role, p] = part.split('=');
    if (!(role in choice) || (p !== 'int8' && p !== 'fp32')) throw new Error(`precision "${text}": expected int8, fp32 or role=int8|fp32,... (roles det, cls, rec)`);
    choice[role as ModelRole] = p;
  }
  return choice;
}
export interface LoadedModel<S extends ModelSpec = ModelSpec> {
  spec: S;
  bytes: Uint8Array;
  sha256: string;
  path: string;
}

export interface LoadedManifest {
  det: LoadedModel<DetSpec>;
  cls?: LoadedModel<ClsSpec>;
  rec: LoadedModel<RecSpec>;
  /** Class index → character; index 0 is the CTC blank (''). */
  charset: string[];
}

function resolveFile(ref: FileRef, manifestDir: string): string {
  if ('package' in ref) {
    // Node's own lookup paths, checked by hand: the models package's "exports" hide its files from require.resolve.
    const dirs = createRequire(path.join(manifestDir, 'noop.js')).resolve.paths(ref.package) ?? [];
    const root = dirs.map((d) => path.join(d, ref.package)).find((d) => existsSync(path.join(d, 'package.json')));
    if (!root) throw new OcrError('model_missing', `npm package ${ref.package} is not installed (run npm ci)`);
    return path.join(root, ref.path);
  }
  return path.resolve(manifestDir, ref.path);
}

async function readVerified(file: string, expected: string | undefined, what: string) {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new OcrError('model_missing', `${what}: cannot read ${file}`, { cause });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (expected && sha256 !== expected) {
    throw new OcrError('model_checksum_mismatch', `${what}: ${file} has sha256 ${sha256}, manifest says ${expected}`);
  }
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), sha256 };
}

/**
 * Reads the manifest, resolves and verifies every file. The charset is split on '\n' exactly: PaddleOCR's
 * ppocr_keys_v1.txt has no trailing newline, and a loader that drops a last empty line would still be right,
 * but one that trims characters would shift classes — so lines are kept as they are, only a final '' dropped.
 */
export async function loadManifest(manifestPath: string = DEFAULT_MANIFEST, want: PrecisionChoice = 'fp32', checked?: ManifestData): Promise<LoadedManifest> {
  // `checked`: the same file, already read and checked by the caller (the server's main thread for its workers).
  const manifest = checked ?? (await (await import('./manifest-schema.ts')).readManifest(manifestPath));
  const dir = path.dirname(manifestPath);
  const load = async <S extends ModelSpec>(spec: S): Promise<LoadedModel<S>> => {
    const file = resolveFile(spec.file, dir);
    return { spec, path: file, ...(await readVerified(file, spec.sha256, `model ${spec.id}`)) };
  };
  // The entry of the wanted precision, else the role's first entry: a manifest without int8 twins (a
  // custom model) still loads, and each model reports the precision it actually runs at.
  const byRole = (role: ModelRole) => {
    const all = manifest.models.filter((m) => m.role === role);
    const p = typeof want === 'string' ? want : want[role];
    return all.find((m) => m.precision === p) ?? all.find((m) => m.precision === 'fp32') ?? all[0];
  };
  const det = byRole('det') as DetSpec | undefined;
  const cls = byRole('cls') as ClsSpec | undefined;
  const rec = byRole('rec') as RecSpec | undefined;
  if (!det || !rec) throw new OcrError('model_missing', `model manifest ${manifestPath} needs a det and a rec model`);

  const charsetFile = resolveFile(rec.charset.file, dir);
  const { bytes } = await readVerified(charsetFile, rec.charset.sha256, `charset of ${rec.id}`);
  const lines = new TextDecoder().decode(bytes).split('\n');
  if (lines.at(-1) === '') lines.pop();
  const charset = ['', ...lines.map((l) => l.replace(/\r$/, ''))];
  if (rec.charset.appendSpace) charset.push(' ');

  return { det: await load(det), cls: cls ? await load(cls) : undefined, rec: await load(rec), charset };
}
