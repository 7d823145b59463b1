/**
 * Serving a built single-page site (the web console's `dist/`) with Node's `http` alone: the content types,
 * the file a path names (the file itself, `index.html` for a client-side route, none for a missing asset or a
 * path leaving the folder) and its answer. Used by the launcher's console server
 * (src/tools/launcher/console-server.ts) and the console's dev gateway and data server
 * (web-console/dev/gateway.ts, which imports this file by its relative path): it imports only Node's modules.
 * Each server keeps its own URL decoding, cache headers and error answers.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** The content type of a file by its extension; `application/octet-stream` when unknown. */
export const contentType = (file: string): string => CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';

/**
 * The file of the site in `root` (an absolute, normalized folder) that `rel` names (the request path below the
 * site's base path, without its leading slash): that file when it is one; else `index.html` (a client-side
 * route; it is missing when the site is not built); null for a path leaving `root` and for a missing file
 * under `assets/` (both answered 404).
 */
export function siteFile(root: string, rel: string): string | null {
  const file = normalize(join(root, rel));
  if (file !== root && !file.startsWith(`${root}${sep}`)) return null;
  if (existsSync(file) && statSync(file).isFile()) return file;
  return rel.startsWith('assets/') ? null : join(root, 'index.html');
}

/** 200 with the file's content type and `headers`, the file streamed after them. */
export function sendFile(res: ServerResponse, file: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(200, { 'content-type': contentType(file), ...headers });
  createReadStream(file).pipe(res);
}

/** The site's `console-config.js` (runtime settings the server writes): JavaScript, never cached. */
export function sendConsoleConfig(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': CONTENT_TYPES['.js'], 'cache-control': 'no-store' }).end(body);
}
