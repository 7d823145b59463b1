/**
 * The org allowlist CSV (spec 6.3): standard CSV read like Go's encoding/csv (first line is a header and is
 * skipped, every record has the header's number of fields, empty lines are skipped, quoted fields with
 * `""` escapes), first field an unsigned 32-bit org ID. Errors carry the upstream texts, e.g.
 * `error reading CSV file: record on line 2: wrong number of fields` and
 * `organization ID on line 3 in allowlist CSV is not numerical. Found value: abc`.
 */
import { readFile } from 'node:fs/promises';

class CsvError extends Error {}

const ERR_FIELD_COUNT = 'wrong number of fields';
const ERR_BARE_QUOTE = 'bare " in non-quoted-field';
const ERR_QUOTE = 'extraneous or missing " in quoted-field';

const column = (line: string, index: number) => Buffer.byteLength(line.slice(0, index), 'utf8') + 1;

function parseError(startLine: number, line: number, col: number, err: string): CsvError {
  if (startLine !== line) return new CsvError(`record on line ${startLine}; parse error on line ${line}, column ${col}: ${err}`);
  return new CsvError(`parse error on line ${line}, column ${col}: ${err}`);
}

/** Go's csv.Reader.ReadAll with default settings (comma `,`, no lazy quotes, FieldsPerRecord = 0). */
export function readGoCsv(text: string): string[][] {
  // Lines with their terminator removed; "\r\n" counts as "\n".
  const lines = text.split('\n').map((l, i, all) => (i < all.length - 1 && l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // text ending with a newline
  const records: string[][] = [];
  let expected = -1;
  let n = 0;
  while (n < lines.length) {
    if (lines[n] === '') {
      n++;
      continue; // empty line
    }
    const recLine = n + 1;
    const fields: string[] = [];
    let line = lines[n];
    let pos = 0;
    for (;;) {
      if (line[pos] !== '"') {
        const comma = line.indexOf(',', pos);
        const field = comma < 0 ? line.slice(pos) : line.slice(pos, comma);
        const quote = field.indexOf('"');
        if (quote >= 0) throw parseError(recLine, n + 1, column(line, pos + quote), ERR_BARE_QUOTE);
        fields.push(field);
        if (comma < 0) break;
        pos = comma + 1;
        continue;
      }
      // Quoted field, possibly spanning lines.
      let value = '';
      pos++;
      let done = false;
      while (!done) {
        const quote = line.indexOf('"', pos);
        if (quote < 0) {
          value += `${line.slice(pos)}\n`;
          n++;
          if (n >= lines.length) throw parseError(recLine, n, column(lines[n - 1], lines[n - 1].length), ERR_QUOTE);
          line = lines[n];
          pos = 0;
          continue;
        }
        value += line.slice(pos, quote);
        const next = line[quote + 1];
        if (next === '"') {
          value += '"';
          pos = quote + 2;
        } else if (next === ',') {
          pos = quote + 2;
          done = true;
          fields.push(value);
        } else if (next === undefined) {
          pos = quote + 1;
          done = true;
          fields.push(value);
        } else {
          throw parseError(recLine, n + 1, column(line, quote + 1), ERR_QUOTE);
        }
      }
      if (pos >= line.length && line[pos - 1] !== ',') break;
    }
    n++;
    if (expected < 0) expected = fields.length;
    else if (fields.length !== expected) throw new CsvError(`record on line ${recLine}: ${ERR_FIELD_COUNT}`);
    records.push(fields);
  }
  return records;
}

/** Parses the allowlist CSV text. */
export function parseAllowlist(text: string): Set<number> {
  let records: string[][];
  try {
    records = readGoCsv(text);
  } catch (err) {
    if (err instanceof CsvError) throw new Error(`error reading CSV file: ${err.message}`);
    throw err;
  }
  const orgs = new Set<number>();
  records.forEach((record, index) => {
    if (index === 0) return; // header
    const value = record[0];
    if (!/^\d+$/.test(value) || BigInt(value) > 0xffffffffn) {
      throw new Error(`organization ID on line ${index + 1} in allowlist CSV is not numerical. Found value: ${value}`);
    }
    orgs.add(Number(value));
  });
  return orgs;
}

const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

/** Reads and parses the allowlist file; errors are fatal for the consumer (exit 1). */
export async function loadAllowlist(path: string): Promise<Set<number>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new Error(`open ${path}: ${GO_ERRNO_TEXT[code] ?? (err as Error).message}`);
  }
  return parseAllowlist(text);
}
