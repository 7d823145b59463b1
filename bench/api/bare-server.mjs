// The baseline of the API benchmark: a bare node:http server answering every request with the bytes of a
// response captured from the real API, from memory (no routing framework, no database, no JSON work).
// `node bench/api/bare-server.mjs <responses.json>`; the file maps a name to {match, status, contentType,
// body}; the first entry whose `match` occurs in the URL answers. It drains request bodies like a real
// server. Prints `READY <port>` when listening. A body given with `"encoding": "base64"` is binary
// (the content benchmark's gob).
import http from 'node:http';
import { readFileSync } from 'node:fs';

const responses = Object.values(JSON.parse(readFileSync(process.argv[2], 'utf8'))).map((r) => {
  const body = Buffer.from(r.body, r.encoding ?? 'utf8');
  return { match: r.match, status: r.status, headers: { 'content-type': r.contentType, 'content-length': body.length }, body };
});

const server = http.createServer((req, res) => {
  const reply = () => {
    const r = responses.find((x) => req.url.includes(x.match));
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
      return;
    }
    res.writeHead(r.status, r.headers);
    res.end(r.body);
  };
  req.on('data', () => {});
  req.on('end', reply);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
