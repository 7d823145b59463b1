import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { REDACT } from './logger.js';

describe('logger: secrets never reach the logs', () => {
  it('masks secret fields at any of the first three levels, and identity/authorization headers', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += chunk;
        done();
      },
    });
    const log = pino({ redact: REDACT }, sink);
    log.info({ password: 'p1', storage: { pg_password: 'p2', pg_host: 'db' }, config: { broker: { sasl_password: 'p3' } } }, 'x');
    log.info({ headers: { 'x-rh-identity': 'p4', authorization: 'Bearer p5' }, sentry: { dsn: 'p6' } }, 'y');
    for (const secret of ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']) assert.ok(!out.includes(`"${secret}`) && !out.includes(` ${secret}`), out);
    assert.match(out, /"pg_host":"db"/);
    assert.match(out, /"password":"\*\*\*\*\*"/);
  });
});
