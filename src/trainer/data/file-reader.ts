/**
 * Positioned reads and ranged streams over one file, counting every byte read
 * so the report (and the memory tests) can show that big data was sampled,
 * not read whole.
 */
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { DataError } from './errors';

export class ByteCounter {
  bytes = 0;
}

export class RandomAccessFile {
  private constructor(
    readonly path: string,
    private readonly handle: fs.promises.FileHandle,
    readonly size: number,
    readonly counter: ByteCounter,
  ) {}

  /** Regular files only: a named pipe or a device would block the reads or never end. */
  static async open(path: string, counter: ByteCounter): Promise<RandomAccessFile> {
    // Non-blocking, so that opening a named pipe does not wait for a writer; reads of regular files are unaffected.
    const handle = await fs.promises.open(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    try {
      const stat = await handle.stat();
      if (!stat.isFile())
        throw new DataError(
          'unreadable',
          `${path} is ${stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe (FIFO)' : 'not a regular file'}, not a data file`,
        );
      return new RandomAccessFile(path, handle, stat.size, counter);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Reads up to `length` bytes at `position` (fewer at the end of the file). */
  async read(position: number, length: number, into?: Buffer): Promise<Buffer> {
    const want = Math.max(0, Math.min(length, this.size - position));
    const buffer = into && into.length >= want ? into.subarray(0, want) : Buffer.allocUnsafe(want);
    let done = 0;
    while (done < want) {
      const { bytesRead } = await this.handle.read(buffer, done, want - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    this.counter.bytes += done;
    return done === want ? buffer : buffer.subarray(0, done);
  }

  /** A stream of bytes [start, start + length), counted as they are read. */
  stream(start: number, length: number, chunkBytes = 1 << 20): Readable {
    if (length <= 0) return Readable.from([]);
    const stream = fs.createReadStream(this.path, { start, end: start + length - 1, highWaterMark: chunkBytes });
    stream.on('data', (chunk: Buffer | string) => {
      this.counter.bytes += chunk.length;
    });
    return stream;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Opens a file, runs `body`, and always closes it. */
export async function withFile<T>(
  path: string,
  counter: ByteCounter,
  body: (file: RandomAccessFile) => Promise<T>,
): Promise<T> {
  const file = await RandomAccessFile.open(path, counter);
  try {
    return await body(file);
  } finally {
    await file.close();
  }
}
