import { opendir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { readAnswerFile, TEXT_EXTENSIONS } from '../transcripts/files.js';
import type { BatchItem } from './item.js';

export interface DirStats {
  /** Entries that are not gradable files (other extensions, subfolders, hidden files). */
  ignored: number;
}

/**
 * Reads a directory (not its subfolders): each `.txt`/`.md`/`.vtt`/`.srt` file is one item whose
 * id is its file name. Entries are listed as they are read, and a file is read only when graded.
 */
export async function* readDir(path: string, stats: DirStats = { ignored: 0 }): AsyncGenerator<BatchItem> {
  for await (const entry of await opendir(path)) {
    const gradable = entry.isFile() && !entry.name.startsWith('.') && TEXT_EXTENSIONS.includes(extname(entry.name).toLowerCase());
    if (!gradable) {
      stats.ignored += 1;
      continue;
    }
    const file = join(path, entry.name);
    yield { id: entry.name, line: undefined, where: entry.name, load: async () => ({ ...(await readAnswerFile(file)) }) };
  }
}
