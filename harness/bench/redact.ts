/**
 * Header values given on the command line are secrets (bearer tokens, API keys): they are sent and
 * never written. Every file a run writes carries them as `Name: ***` (results.json's target and
 * command, hence the report built from it).
 */
export const REDACTED = '***';

/** `Authorization: Bearer x` -> `Authorization: ***`. */
export function redactHeader(header: string): string {
  const colon = header.indexOf(':');
  return colon < 0 ? REDACTED : `${header.slice(0, colon).trim()}: ${REDACTED}`;
}

/** The command line with the value of every -H / --header redacted (both `-H v` and `--header=v`). */
export function redactCommand(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = /^(--header|-H)=(.*)$/s.exec(a);
    if (eq) out.push(`${eq[1]}=${redactHeader(eq[2])}`);
    else if ((a === '-H' || a === '--header') && i + 1 < argv.length) out.push(a, redactHeader(argv[++i]));
    else if (/^-H./s.test(a)) out.push(`-H${redactHeader(a.slice(2))}`);
    else out.push(a);
  }
  return out;
}

/** `Name: value` -> [name, value], or an error for the usage line. */
export function parseHeader(text: string): { ok: true; name: string; value: string } | { ok: false; error: string } {
  const colon = text.indexOf(':');
  const name = colon < 0 ? '' : text.slice(0, colon).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return { ok: false, error: `--header: expected 'Name: value', got "${redactHeader(text)}"` };
  return { ok: true, name, value: text.slice(colon + 1).trim() };
}
