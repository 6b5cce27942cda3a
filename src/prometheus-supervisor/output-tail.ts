import type { Readable } from 'node:stream';

/** Keeps only the last `limit` characters a stream produced, for error messages. */
export class OutputTail {
  private text = '';

  /** Starts collecting from `stream` at once. */
  constructor(stream: Readable | null, private readonly limit = 4000) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      this.text = (this.text + chunk).slice(-this.limit);
    });
  }

  /** Returns the last `lines` non-empty lines collected so far. */
  lastLines(lines = 12): string {
    return this.text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-lines)
      .join('\n');
  }
}
