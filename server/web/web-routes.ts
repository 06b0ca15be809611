import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/**
 * The page's own policy (OWASP secure headers): scripts, styles and API calls only from this origin, no
 * inline script or style, images from the origin or the user's own blob: URLs, never framed.
 */
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** The page at GET / and its two assets, read on first use and kept (no CDN, no build step). */
export function createWebRoutes(dir = fileURLToPath(new URL('.', import.meta.url))) {
  const app = new Hono<AppEnv>();
  const loaded = new Map<string, string>();
  for (const [path, { file, type }] of Object.entries(FILES)) {
    app.get(path, async (c) => {
      let body = loaded.get(file);
      if (body === undefined) {
        body = await readFile(join(dir, file), 'utf8');
        loaded.set(file, body);
      }
      c.header('Content-Type', type);
      c.header('Cache-Control', 'no-cache');
      for (const [k, v] of Object.entries(PAGE_HEADERS)) c.header(k, v);
      return c.body(body);
    });
  }
  return app;
}
