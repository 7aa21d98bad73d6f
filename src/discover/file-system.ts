import { promises as fs } from 'node:fs';
import type { DiscoverFileSystem } from './types.js';

/** Discovery's view of the real file system. */
export const nodeFileSystem: DiscoverFileSystem = {
  readDirectory: (path) => fs.readdir(path, { withFileTypes: true }),
  lstat: (path) => fs.lstat(path),
  stat: (path) => fs.stat(path),
  realpath: (path) => fs.realpath(path),
  readlink: (path) => fs.readlink(path),
  async readHead(path, length) {
    const handle = await fs.open(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
};
