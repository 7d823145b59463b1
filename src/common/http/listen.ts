/** Splits a Go-style listen address (`server.address`: `:8080`, `host:port`, `[::1]:8080`) into host and port. */
export function parseListenAddress(address: string, fallback = ':8080'): { host: string; port: number } {
  const text = address || fallback;
  const idx = text.lastIndexOf(':');
  const host = idx <= 0 ? '0.0.0.0' : text.slice(0, idx).replace(/^\[|\]$/g, '');
  const port = Number(text.slice(idx + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid server.address '${address}'`);
  return { host, port };
}
