/**
 * gob's primitive encodings: an unsigned integer is one byte when below 128, else the negated byte count
 * followed by the big-endian bytes; a signed integer is folded into an unsigned one (bit 0 is the sign,
 * complemented when negative); a string is its byte length then its UTF-8 bytes.
 */
import { GobError } from './types.js';

export class GobWriter {
  private buf: Buffer;
  length = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  uint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new GobError(`cannot encode ${value} as an unsigned integer`);
    this.uintBig(value < 128 ? value : BigInt(value));
  }

  private uintBig(value: number | bigint): void {
    this.room(9);
    if (typeof value === 'number') {
      this.buf[this.length++] = value;
      return;
    }
    const bytes: number[] = [];
    if (value < 0x100000000n) for (let v = Number(value); v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    else for (let v = value; v > 0n; v >>= 8n) bytes.unshift(Number(v & 255n));
    this.buf[this.length++] = 256 - bytes.length;
    for (const b of bytes) this.buf[this.length++] = b;
  }

  int(value: number): void {
    if (!Number.isSafeInteger(value)) throw new GobError(`cannot encode ${value} as an integer`);
    // (i << 1) for i >= 0, (^i << 1) | 1 for i < 0.
    if (value >= 0 && value < 64) this.uintBig(value * 2);
    else if (value < 0 && value >= -64) this.uintBig((-value - 1) * 2 + 1);
    else {
      const i = BigInt(value);
      this.uintBig(i >= 0n ? i << 1n : ((-i - 1n) << 1n) | 1n);
    }
  }

  bool(value: boolean): void {
    this.uint(value ? 1 : 0);
  }

  bytes(value: Uint8Array): void {
    this.uint(value.length);
    this.room(value.length);
    this.buf.set(value, this.length);
    this.length += value.length;
  }

  string(value: string): void {
    const n = Buffer.byteLength(value, 'utf8');
    this.uint(n);
    this.room(n);
    this.buf.write(value, this.length, 'utf8');
    this.length += n;
  }

  raw(value: Uint8Array): void {
    this.room(value.length);
    this.buf.set(value, this.length);
    this.length += value.length;
  }

  /** A copy of what was written. */
  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

export class GobReader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private byte(): number {
    if (this.pos >= this.end) throw new GobError('unexpected EOF');
    return this.buf[this.pos++]!;
  }

  private uintBig(): number | bigint {
    const first = this.byte();
    if (first < 128) return first;
    const n = 256 - first;
    if (n > 8) throw new GobError(`encoded unsigned integer out of range (${n} bytes)`);
    let v = 0n;
    for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(this.byte());
    return v;
  }

  uint(): number {
    const u = this.uintBig();
    if (typeof u === 'number') return u;
    if (u > BigInt(Number.MAX_SAFE_INTEGER)) throw new GobError('integer beyond 2^53 is not supported');
    return Number(u);
  }

  int(): number {
    const u = this.uintBig();
    if (typeof u === 'number') return u % 2 === 0 ? u / 2 : -(u - 1) / 2 - 1;
    const i = (u & 1n) === 0n ? u >> 1n : -(u >> 1n) - 1n;
    if (i > BigInt(Number.MAX_SAFE_INTEGER) || i < BigInt(Number.MIN_SAFE_INTEGER))
      throw new GobError('integer beyond 2^53 is not supported');
    return Number(i);
  }

  bool(): boolean {
    const u = this.uint();
    if (u > 1) throw new GobError(`invalid bool ${u}`);
    return u === 1;
  }

  bytes(): Uint8Array {
    const n = this.uint();
    if (n > this.end - this.pos) throw new GobError(`length ${n} exceeds the message`);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    const n = this.uint();
    if (n > this.end - this.pos) throw new GobError(`string length ${n} exceeds the message`);
    const out = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.pos, n).toString('utf8');
    this.pos += n;
    return out;
  }
}
