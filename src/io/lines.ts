/**
 * Line splitting for text readers that must not build one giant string
 * (V8 strings stop near 512 MB): text arrives in chunks, each complete line
 * is handed to `onLine(text, start, end)` as a range of the chunk string
 * (no substring per line); a trailing '\r' is dropped (CRLF files); the
 * incomplete last line of a chunk is carried over to the next one.
 * `readLinesSync` / `readLines` read a file in 1 MiB chunks through it.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export type LineHandler = (text: string, start: number, end: number) => void;

/** Longest line accepted (a guard against binary or single-line files). */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

const CHUNK = 1 << 20;

export class LineSplitter {
  private rest = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly onLine: LineHandler,
    private readonly onTooLong: () => never,
  ) {}

  /** Feed a chunk of bytes (UTF-8) or of text. */
  push(chunk: Uint8Array | string): void {
    const decoded = typeof chunk === 'string' ? chunk : this.decoder.write(chunk as Buffer);
    const text = this.rest.length > 0 ? this.rest + decoded : decoded;
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      this.emit(text, start, nl);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.rest = start === 0 ? text : text.slice(start);
    if (this.rest.length > MAX_LINE_LENGTH) this.onTooLong();
  }

  /** Flush the last line (a file need not end with a newline). */
  end(): void {
    const text = this.rest + this.decoder.end();
    this.rest = '';
    if (text.length > 0) this.emit(text, 0, text.length);
  }

  private emit(text: string, start: number, end: number): void {
    // CRLF: drop the '\r' before '\n'
    this.onLine(text, start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
  }
}

/** Read a file line by line, synchronously, in 1 MiB chunks. */
export function readLinesSync(path: string, splitter: LineSplitter): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      splitter.push(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  splitter.end();
}

/** Read a file line by line from a stream, in 1 MiB chunks. */
export async function readLines(path: string, splitter: LineSplitter): Promise<void> {
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream) splitter.push(chunk as Buffer);
  } finally {
    stream.destroy();
  }
  splitter.end();
}

/** Feed a whole string through a splitter (small inputs, tests). */
export function splitText(text: string, splitter: LineSplitter): void {
  splitter.push(text);
  splitter.end();
}
