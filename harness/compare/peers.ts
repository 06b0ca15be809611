import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Peer OCR libraries live in their own folder with their own package.json and lockfile, so they never
 * enter the server's dependency tree (and a peer's onnxruntime-node or sharp cannot shadow ours).
 */
export const PEERS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers');

export const INSTALL_HINT = 'npm run compare -- --install';

const peerRequire = createRequire(path.join(PEERS_DIR, 'package.json'));

/** The installed version of a peer package, or null when it is not installed. */
export function peerVersion(pkg: string): string | null {
  const file = path.join(PEERS_DIR, 'node_modules', pkg, 'package.json');
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Imports a peer package from the peers folder (not from the repository's node_modules). */
export async function importPeer<T>(pkg: string): Promise<T> {
  return (await import(pathToFileURL(peerRequire.resolve(pkg)).href)) as T;
}

/**
 * `npm ci` into the peers folder (`npm install` when there is no lockfile yet). The folder's .npmrc and
 * the environment both say onnxruntime-node-install=skip: its postinstall would otherwise fetch CUDA
 * binaries we never use (npm 11 also skips install scripts it was not told to allow).
 */
export function installPeers(): Promise<number> {
  const ci = existsSync(path.join(PEERS_DIR, 'package-lock.json'));
  const args = [ci ? 'ci' : 'install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund'];
  console.log(`npm ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn('npm', args, { stdio: 'inherit', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}
