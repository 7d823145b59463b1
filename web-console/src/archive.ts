// Reading an Insights Operator archive in the browser, before it is uploaded: the cluster ID is the content
// of `config/id` (spec pipeline 3). The upload page uses it to watch for that cluster's results; without it
// the page watches the cluster list for whichever cluster's results change.
// A .tar.gz is gunzipped with the platform's DecompressionStream and its ustar headers are walked (GNU long
// names and pax `path` records included). Only reading: nothing is sent anywhere by this module.

const BLOCK = 512;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(bytes: Uint8Array, from: number, length: number): string {
  const slice = bytes.subarray(from, from + length);
  const end = slice.indexOf(0);
  return new TextDecoder().decode(end < 0 ? slice : slice.subarray(0, end));
}

function octal(bytes: Uint8Array, from: number, length: number): number {
  const value = Number.parseInt(text(bytes, from, length).trim() || '0', 8);
  return Number.isFinite(value) ? value : 0;
}

/** The entries of an uncompressed tar: name -> content (regular files only). */
export function tarFiles(tar: Uint8Array, wanted: (name: string) => boolean): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    const prefix = text(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    if (type === 'L') longName = text(body, 0, body.length);
    else if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(body));
      if (path) longName = path[1];
    } else if ((type === '0' || type === '\0') && wanted(name)) files.set(name, body);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}

async function gunzip(data: Blob): Promise<Uint8Array> {
  const head = new Uint8Array(await data.slice(0, 2).arrayBuffer());
  if (head[0] !== 0x1f || head[1] !== 0x8b) return new Uint8Array(await data.arrayBuffer());
  const stream = data.stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The cluster ID of an archive (`config/id`, at the top or below one folder), or null when unreadable. */
export async function clusterIdOfArchive(archive: Blob): Promise<string | null> {
  try {
    const tar = await gunzip(archive);
    const isId = (name: string) => /^(?:\.\/)?(?:[^/]+\/)?config\/id$/.test(name);
    for (const content of tarFiles(tar, isId).values()) {
      const id = new TextDecoder().decode(content).trim();
      if (UUID.test(id)) return id.toLowerCase();
    }
    return null;
  } catch {
    return null;
  }
}
