// The baseline of the API benchmark: a bare node:http server answering every request with the bytes of the
// response the real API gave to that same request (method, path and body), captured before the measurement,
// from memory (no routing framework, no database, no JSON work). It serves as many distinct bodies as the
// service does: one per distinct request of the load (docs/performance.md, "Method").
// `node bench/api/bare-server.mjs <responses.json>`; the file is an array of {key, status, contentType, body}
// where key is `<path>\n<request body>`. It reads request bodies like a real server. Prints `READY <port>`.
// A body given with `"encoding": "base64"` is binary (the content benchmark's gob).
import http from 'node:http';
import { readFileSync } from 'node:fs';

const responses = new Map(
  JSON.parse(readFileSync(process.argv[2], 'utf8')).map((r) => {
    const body = Buffer.from(r.body, r.encoding ?? 'utf8');
    return [r.key, { status: r.status, headers: { 'content-type': r.contentType, 'content-length': body.length }, body }];
  }),
);

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const r = responses.get(`${req.url}\n${Buffer.concat(chunks).toString('utf8')}`);
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 page not found\n');
      return;
    }
    res.writeHead(r.status, r.headers);
    res.end(r.body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
