/**
 * A tiny JSON path for the generic target adapter: dotted keys, numeric indexes, and `[]` to map
 * over an array. `text` -> body.text; `result.0.text`; `lines[].text` -> every line's text.
 * Compiled once per run (the load loop reads every answer through it); a reader returns undefined
 * when the path does not resolve.
 */
export function compileJsonPath(path: string): (value: unknown) => unknown {
  if (path === '' || path === '.') return (value) => value;
  const mapAt = path.indexOf('[]');
  if (mapAt >= 0) {
    const head = compileJsonPath(path.slice(0, mapAt));
    const rest = compileJsonPath(path.slice(mapAt + 2).replace(/^\./, ''));
    return (value) => {
      const list = head(value);
      return Array.isArray(list) ? list.map(rest) : undefined;
    };
  }
  const keys = path.split('.');
  return (value) => {
    let cur = value;
    for (const key of keys) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
    return cur;
  };
}

/** One-off read (compiles the path each call). */
export function readJsonPath(value: unknown, path: string): unknown {
  return compileJsonPath(path)(value);
}
