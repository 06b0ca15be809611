import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_PROFILE, PROFILE_NAMES } from '../ocr/profiles.ts';

/**
 * The server's one typed config. Every default lives here; flags and OCR_* environment variables
 * arrive as strings and are coerced and checked by this schema, so every bad value is reported at once.
 */

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const onOff = z.enum(['on', 'off']);
const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).transform((v) => v === true || v === 'true' || v === '1');

/** `off`, `memory` or a `redis://` / `rediss://` URL. */
const cacheSpec = z
  .string()
  .refine((v) => v === 'off' || v === 'memory' || /^rediss?:\/\/[^\s]+$/.test(v), {
    message: 'expected off, memory or redis://host:port',
  });

export const DEFAULT_WORKERS = Math.max(1, availableParallelism());

export const configSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    /** 0 asks the OS for a free port; the chosen one is logged ("listening"). */
    port: int(0, 65535).default(8080),
    /** Worker threads, one engine each; one per core by default. */
    workers: int(1, 64).default(DEFAULT_WORKERS),
    /** onnxruntime intra-op threads per worker session. */
    threads: int(1, 64).default(1),
    /**
     * Requests one worker holds at once. Two let one request's decoding and cropping (sharp, off the
     * worker's thread) overlap another's inference (onnxruntime runs on the worker's thread); more only
     * interleave requests, making each slower for the same throughput. Batching gains from more: the
     * batcher can only merge lines of requests its worker holds.
     */
    workerConcurrency: int(1, 64).default(2),
    /** With batching on: most lines per recognition model run (the engine's recBatchSize then). */
    maxBatch: int(1, 256).default(8),
    /** With batching on: longest a line waits for others before its run starts. */
    maxWaitMs: z.coerce.number().min(0).max(1000).default(4),
    /**
     * Dynamic batching of recognition lines across concurrent requests. Off by default: on this CPU a
     * batched run is no faster per line than single runs (ENGINE_DEFAULTS.recBatchSize,
     * docs/decisions/engine-defaults.md), padding to the widest line costs more, and it makes a line's
     * confidence depend on which other requests shared its run. Off, every answer equals the engine's own.
     */
    batching: onOff.default('off'),
    /** Requests admitted beyond those the workers hold; past this the answer is 503 at once. */
    queue: int(0, 100_000).default(64),
    /** Whole-request deadline (queue + work); past it the answer is 504. */
    deadlineMs: int(1, 3_600_000).default(30_000),
    cache: cacheSpec.default('memory'),
    /** Seconds an entry lives (Redis TTL and the memory LRU's ttl). */
    cacheTtl: int(1, 365 * 24 * 3600).default(3600),
    /** The in-memory LRU is bounded by the bytes of its stored JSON. */
    cacheMaxBytes: int(1024, 16 * 1024 ** 3).default(64 * 1024 ** 2),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Request body limit in bytes (413 past it, without reading the rest). */
    maxBytes: int(1, 1024 ** 3).default(20 * 1024 ** 2),
    /** Decoded pixel limit (width x height), a decompression-bomb guard (413). */
    maxPixels: int(1, 1_000_000_000).default(40_000_000),
    /**
     * A task still running this long is taken as hung: its worker is terminated and replaced, so the
     * slot comes back (the deadline only answers the client; it cannot stop inference).
     */
    taskTimeoutMs: int(100, 3_600_000).default(120_000),
    /** Bound on finishing in-flight work after SIGTERM/SIGINT. */
    shutdownTimeoutMs: int(0, 600_000).default(10_000),
    /**
     * Engine operating point (server/ocr/profiles.ts): accurate (ENGINE_DEFAULTS) or fast (int8 models, smaller
     * detector input, no second look; docs/decisions/fast-profile.md). The engine flags below, when set, win
     * over it. A request picks the other one with ?profile=; each worker then loads it on first use.
     */
    profile: z.enum(PROFILE_NAMES).default(DEFAULT_PROFILE),
    /** Detector input side limit; unset leaves the engine's own default (ENGINE_DEFAULTS). */
    limitSideLen: int(32, 8192).optional(),
    /**
     * Confidence below which a line gets the recognizer's second look (ENGINE_DEFAULTS.recRereadBelow: 0.9, line
     * mode; 0 turns it off: docs/decisions/engine-defaults.md). Unset leaves the engine's.
     */
    rereadBelow: z.coerce.number().min(0).max(1).optional(),
    /** Which page lines get the second look: off, han (lines read with a Han character) or all; unset leaves the engine's (ENGINE_DEFAULTS.recRereadPages). */
    rereadPages: z.enum(['off', 'han', 'all']).optional(),
    /**
     * int8 runs the quantized twins of the models (models/int8, built by `npm run models -- quantize`),
     * fp32 the original files; unset leaves the engine's default (ENGINE_DEFAULTS.precision: fp32; why:
     * docs/decisions/int8-precision.md).
     */
    precision: z.enum(['int8', 'fp32']).optional(),
    /** Path to the model manifest; the engine's default when unset. */
    manifest: z.string().min(1).optional(),
    /** Work budget per request (server/ocr/work-budget.ts); unset leaves the engine's (docs/guides/server-limits.md). */
    maxDetPixels: int(1, 1_000_000_000).optional(),
    maxRecFrames: int(1, 100_000_000).optional(),
    maxLineFrames: int(1, 10_000_000).optional(),
    /**
     * Slow clients (docs/guides/server-limits.md): the request line and headers must arrive within
     * headerTimeoutMs (nginx's client_header_timeout); the body within bodyTimeoutMs plus one second per
     * minUploadRate bytes received (Apache's RequestReadTimeout body=…,MinRate=…), else 408 body_timeout.
     */
    headerTimeoutMs: int(1000, 600_000).default(10_000),
    bodyTimeoutMs: int(1000, 600_000).default(20_000),
    minUploadRate: int(1, 1024 ** 3).default(1024),
    /**
     * Requests reading their body at once, apart from admission: uploads in progress hold no worker slot
     * or queue place, so slow uploads cannot turn ready work away; past this bound 503 at once.
     */
    maxUploads: int(1, 100_000).default(128),
    /** Origin allowed to call the API from a browser (CORS); unset sends no CORS headers. */
    cors: z.string().regex(/^(\*|https?:\/\/[^\s/]+)$/, 'expected * or an origin like https://example.org').optional(),
    /** Comma-separated Host names (with or without port) the server answers; unset accepts any (421 otherwise). */
    allowedHosts: z
      .string()
      .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
      .refine((v) => v.length > 0, 'expected host[,host...]')
      .optional(),
    /**
     * Fault injection for the process tests (server/pool/debug-faults.ts: header `x-ocr-debug-fault: crash`
     * makes the worker holding that request exit, `hang` makes it spin forever). Off by default; never on
     * in a deployment.
     */
    debugFaults: bool.default(false),
    /**
     * CI gate calibration: each worker burns this % of the CPU it spent on requests, an injected regression
     * of known size (server/calibration/cpu-burn.ts). Refused unless OCR_GATE_CALIBRATION=1 (load-config).
     */
    calibrationBurnPct: z.coerce.number().min(0).max(100).default(0),
  })
  .strict();

export type ServerConfig = z.output<typeof configSchema>;
export type RawServerConfig = z.input<typeof configSchema>;
