import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The one place report files touch the disk. Returns the paths written. */
export async function writeReport(dir: string, files: Record<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, content);
    written.push(path);
  }
  return written;
}
