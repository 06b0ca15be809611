/**
 * One line of requests.jsonl: what the load generator saw for one request. Times are ms on the run's
 * time axis (since t0). The generator knows nothing of OCR: it logs the sample id and the response,
 * and accuracy is scored afterwards by joining these records with the dataset labels.
 */
export interface RequestRecord {
  /** Sequence number in issue order. */
  seq: number;
  phase: string;
  /** Sent (closed) or scheduled (open) inside the phase's warm-up slice: left out of its statistics. */
  warmup: boolean;
  sampleId: string;
  /** Open model: the send timer fired more than lateAfterMs(rate) after the schedule (the harness lagged). */
  late: boolean;
  /** Open model: planned send time; closed model: equal to sentAt. */
  scheduledAt: number;
  /** Handed to a free connection; null when the request was dropped. */
  sentAt: number | null;
  /** Response headers received. */
  firstByteAt: number | null;
  doneAt: number | null;
  /** HTTP status, 0 when there was no response. */
  status: number;
  /** null for a 2xx with a readable body; otherwise the server's error code or a transport kind. */
  errorKind: string | null;
  /** Response body bytes. */
  bytes: number;
  /** Server-Timing stages in ms. */
  serverTiming: Record<string, number>;
  /** The recognised text (null on error). */
  text: string | null;
  /** Recognised lines (page mode) when the response has them. */
  lines: string[] | null;
  /** The answer's `cached` flag when it has one (our server's cache), else null. */
  cached: boolean | null;
}

/** Transport failures, named like the server's error codes so one table counts both. */
export const TRANSPORT_ERROR_KINDS = ['timeout', 'connection_refused', 'connection_reset', 'network', 'bad_response', 'dropped', 'aborted', 'client_closed'] as const;

/** Records without the payload: what the statistics need, kept in memory for the whole run. */
export type TimingRecord = Omit<RequestRecord, 'text' | 'lines'>;

/** Open model: a timer firing this much after its planned time counts as a late send. */
export const LATE_MS = 10;

/**
 * How late an open-model send may leave before it counts as late: LATE_MS, or a tenth of the phase's
 * mean gap between arrivals when that is longer (100 ms at 1/s, 25 ms at 4/s). A send a tenth of a gap
 * late leaves the offered load as it was (Poisson gaps vary far more), and its lateness is in the
 * latency from the scheduled time anyway. The fixed 10 ms read the machine, not the harness: on this
 * machine kind an idle Node process beside a busy server sees its timers 30-70 ms late now and then
 * (scripts/run-scenarios.sh's probe), which made arrival-rate INVALID at 1-4 requests/s.
 */
export const lateAfterMs = (rate: number | null) => Math.max(LATE_MS, rate && rate > 0 ? 100 / rate : 0);
