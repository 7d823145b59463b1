/**
 * A large text answer written part by part into one growing Buffer as UTF-8, instead of a string built by
 * concatenation: sending a string of thousands of parts made V8 flatten the rope first, which cost the
 * aggregator's 1,000-cluster list answers more than writing the parts (docs/performance.md, smart proxy).
 * The bytes are what `Buffer.from(parts.join(''))` gives.
 */
export class TextWriter {
  private buf: Buffer;
  private at = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  write(text: string): this {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.at + text.length * 3 > this.buf.length) this.grow(this.at + text.length * 3);
    this.at += this.buf.write(text, this.at, 'utf8');
    return this;
  }

  private grow(min: number): void {
    const next = Buffer.allocUnsafe(Math.max(min, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  /** The bytes written so far (a view of the writer's buffer: write nothing after taking it). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}
