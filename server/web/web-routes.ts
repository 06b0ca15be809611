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
      return c.body(body);
    });
  }
  return app;
}
