/**
 * Fault injection for the process tests, honoured only when the server runs with --debug-faults
 * (OCR_DEBUG_FAULTS=1; off by default, never in a deployment): header `x-ocr-debug-fault: crash` makes
 * the worker holding that request exit, `hang` makes it spin forever, as a native crash or a hung native
 * call would. Without the flag the header is ignored.
 */
export const DEBUG_FAULT_HEADER = 'x-ocr-debug-fault';

export type DebugFault = 'crash' | 'hang';

/** The fault a request asks for, or undefined (flag off, header absent or unknown). */
export function requestedFault(enabled: boolean, header: string | undefined): DebugFault | undefined {
  if (!enabled) return undefined;
  return header === 'crash' || header === 'hang' ? header : undefined;
}

/** Runs in the worker before the task's work. */
export function injectFault(fault: DebugFault): void {
  // Let the pipeline start so the worker dies holding real work.
  if (fault === 'crash') setTimeout(() => process.exit(70), 5);
  // The thread never comes back, as with a hung native call.
  else for (;;);
}
