/**
 * A tiny JSON path for the generic target adapter: dotted keys, numeric indexes, and `[]` to map
 * over an array. `text` -> body.text; `result.0.text`; `lines[].text` -> every line's text.
 * Returns undefined when the path does not resolve.
 */
export function readJsonPath(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value;
  const mapAt = path.indexOf('[]');
  if (mapAt >= 0) {
    const head = readJsonPath(value, path.slice(0, mapAt));
    if (!Array.isArray(head)) return undefined;
    const rest = path.slice(mapAt + 2).replace(/^\./, '');
    return head.map((item) => readJsonPath(item, rest));
  }
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
