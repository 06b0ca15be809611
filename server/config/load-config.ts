import { Command, Option } from 'commander';
import { configSchema, type ServerConfig } from './config-schema.ts';

/** One flag per config key; the env variable is OCR_ + the flag in upper snake case. */
const FLAGS: Array<{ key: keyof ServerConfig; flag: string; help: string }> = [
  { key: 'host', flag: 'host', help: 'interface to listen on' },
  { key: 'port', flag: 'port', help: 'TCP port, 0 = any free port' },
  { key: 'workers', flag: 'workers', help: 'worker threads, one engine each (default: one per core)' },
  { key: 'threads', flag: 'threads', help: 'onnxruntime intra-op threads per worker' },
  { key: 'workerConcurrency', flag: 'worker-concurrency', help: 'requests one worker holds at once' },
  { key: 'maxBatch', flag: 'max-batch', help: 'with batching on: most lines per recognition model run' },
  { key: 'maxWaitMs', flag: 'max-wait-ms', help: 'with batching on: longest wait for more lines' },
  { key: 'batching', flag: 'batching', help: 'on|off: merge recognition lines of concurrent requests' },
  { key: 'queue', flag: 'queue', help: 'requests waiting beyond those in workers; past it 503' },
  { key: 'deadlineMs', flag: 'deadline-ms', help: 'per-request deadline, then 504' },
  { key: 'cache', flag: 'cache', help: 'off|memory|redis://host:port' },
  { key: 'cacheTtl', flag: 'cache-ttl', help: 'cache entry lifetime in seconds' },
  { key: 'cacheMaxBytes', flag: 'cache-max-bytes', help: 'memory cache bound in bytes' },
  { key: 'logLevel', flag: 'log-level', help: 'fatal|error|warn|info|debug|trace|silent' },
  { key: 'maxBytes', flag: 'max-bytes', help: 'request body limit in bytes, 413 past it' },
  { key: 'maxPixels', flag: 'max-pixels', help: 'decoded image pixel limit, 413 past it' },
  { key: 'taskTimeoutMs', flag: 'task-timeout-ms', help: 'a task running this long is hung: its worker is replaced' },
  { key: 'shutdownTimeoutMs', flag: 'shutdown-timeout-ms', help: 'bound on draining at SIGTERM' },
  { key: 'profile', flag: 'profile', help: 'accurate|fast: engine operating point; a request can ask for the other with ?profile=' },
  { key: 'limitSideLen', flag: 'limit-side-len', help: "detector input side limit (default: the engine's)" },
  { key: 'rereadBelow', flag: 'reread-below', help: "line confidence below which the recognizer reads again, 0 = off (default: the engine's)" },
  { key: 'rereadPages', flag: 'reread-pages', help: "off|han|all: which page lines get the second look (all: ~10% more CPU a page and fewer English word gaps; default: the engine's, han)" },
  { key: 'precision', flag: 'precision', help: "int8|fp32 models (default: the engine's, ENGINE_DEFAULTS.precision)" },
  { key: 'manifest', flag: 'manifest', help: 'model manifest path (default: the engine\'s, models/manifest.json)' },
  { key: 'maxDetPixels', flag: 'max-det-pixels', help: "work budget: detector input pixels per request, 422 past it (default: the engine's)" },
  { key: 'maxRecFrames', flag: 'max-rec-frames', help: "work budget: recognizer frames per request, 422 past it (default: the engine's)" },
  { key: 'maxLineFrames', flag: 'max-line-frames', help: "recognizer frames of one line, 422 line_too_long past it (default: the engine's)" },
  { key: 'headerTimeoutMs', flag: 'header-timeout-ms', help: 'request line and headers must arrive within this, else 408' },
  { key: 'bodyTimeoutMs', flag: 'body-timeout-ms', help: 'body must arrive within this plus 1 s per --min-upload-rate bytes, else 408' },
  { key: 'minUploadRate', flag: 'min-upload-rate', help: 'bytes a second an upload must keep up past --body-timeout-ms' },
  { key: 'maxUploads', flag: 'max-uploads', help: 'requests reading their body at once (apart from admission); past it 503' },
  { key: 'cors', flag: 'cors', help: 'origin allowed to call the API from a browser, or * (default: no CORS headers)' },
  { key: 'allowedHosts', flag: 'allowed-hosts', help: 'comma-separated Host names answered, others get 421 (default: any)' },
  { key: 'debugFaults', flag: 'debug-faults', help: 'true|false: honour the x-ocr-debug-fault header (process tests only)' },
  { key: 'calibrationBurnPct', flag: 'calibration-burn-pct', help: 'CI gate calibration only: burn this % more CPU a request; needs OCR_GATE_CALIBRATION=1' },
];

export const envName = (flag: string) => `OCR_${flag.replace(/-/g, '_').toUpperCase()}`;

export type LoadConfigResult =
  | { kind: 'ok'; config: ServerConfig }
  | { kind: 'help'; text: string }
  | { kind: 'invalid'; errors: string[] };

function buildProgram(): Command {
  const program = new Command('ocrbench-server')
    .description('Reference OCR server (PP-OCRv4 on onnxruntime-node, Hono). Every flag can also be set as OCR_<FLAG>.')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
  // Defaults are read off the schema, so the help cannot drift from them.
  const defaults = configSchema.parse({}) as Record<string, unknown>;
  for (const f of FLAGS) {
    const d = defaults[f.key];
    const shown = d === undefined ? '' : ` (default ${d})`;
    program.addOption(new Option(`--${f.flag} <value>`, `${f.help}${shown} [env ${envName(f.flag)}]`));
  }
  return program;
}

/**
 * Reads flags (argv without node and script) over OCR_* env variables over the schema defaults.
 * Pure: returns every problem instead of exiting, so `main` decides and tests can table it.
 */
export function loadConfig(argv: string[], env: Record<string, string | undefined>): LoadConfigResult {
  const program = buildProgram();
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help', text: program.helpInformation() };
  const errors: string[] = [];
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    // commander throws only for structural problems here (a flag without its value).
    return { kind: 'invalid', errors: [(e as Error).message.replace(/^error: /, '')] };
  }
  for (const arg of program.args) errors.push(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${arg}`);

  const raw: Record<string, unknown> = {};
  const opts = program.opts<Record<string, string | undefined>>();
  for (const f of FLAGS) {
    const fromFlag = opts[f.key];
    const fromEnv = env[envName(f.flag)];
    const value = fromFlag ?? (fromEnv === '' ? undefined : fromEnv);
    if (value !== undefined) raw[f.key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const byKey = new Map(FLAGS.map((f) => [f.key as string, f.flag]));
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      errors.push(`--${byKey.get(key) ?? key} (${JSON.stringify(raw[key])}): ${issue.message}`);
    }
  }
  if (parsed.success && parsed.data.calibrationBurnPct > 0 && env.OCR_GATE_CALIBRATION !== '1') {
    errors.push('--calibration-burn-pct makes the server slower on purpose; it is for `npm run gate -- --calibrate` and needs OCR_GATE_CALIBRATION=1');
  }
  if (errors.length > 0 || !parsed.success) return { kind: 'invalid', errors };
  return { kind: 'ok', config: parsed.data };
}
