import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunResults } from '../results/schema.ts';

function packageVersion(root: string, name: string): string | null {
  try {
    return (JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** What the numbers depend on: CPU, memory, runtime and library versions, and the harness commit. */
export function collectEnvironment(root: string): RunResults['environment'] {
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    commit = null;
  }
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryBytes: os.totalmem(),
    os: `${os.platform()} ${os.release()}`,
    node: process.version,
    onnxruntime: packageVersion(root, 'onnxruntime-node'),
    sharp: packageVersion(root, 'sharp'),
    harnessCommit: commit,
    hostname: os.hostname(),
  };
}
