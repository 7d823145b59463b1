/**
 * In-flight sharing of org-wide reads (in-flight.ts): concurrent callers share one read, nothing is kept
 * once it settles (a failure neither), and a write through the proxy forgets the reads in flight when it
 * finishes, so a read started before the write is never handed to a later caller. Then the aggregator
 * client over real HTTP: a server that holds its acks answers until told, and counts what it receives.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { AggregatorClient } from '../aggregator/client.js';
import { ackedIds, disabledByCluster } from '../reports/acks.js';
import { afterWrite, Derived, InFlight } from './in-flight.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('InFlight', () => {
  it('shares a read in flight per key, and reads anew once it settled', async () => {
    const inFlight = new InFlight();
    const reads: string[] = [];
    const gates: ReturnType<typeof deferred<number>>[] = [];
    const read = (key: string) => () => {
      reads.push(key);
      const d = deferred<number>();
      gates.push(d);
      return d.promise;
    };
    const a = inFlight.get('org 1', read('org 1'));
    const b = inFlight.get('org 1', read('org 1'));
    const c = inFlight.get('org 2', read('org 2'));
    assert.equal(a, b);
    assert.deepEqual(reads, ['org 1', 'org 2']);
    gates[0]?.resolve(7);
    gates[1]?.resolve(8);
    assert.deepEqual(await Promise.all([a, b, c]), [7, 7, 8]);
    assert.equal(inFlight.size, 0);
    const d = inFlight.get('org 1', read('org 1'));
    assert.notEqual(d, a);
    assert.deepEqual(reads, ['org 1', 'org 2', 'org 1']);
    gates[2]?.resolve(9);
    assert.equal(await d, 9);
  });

  it('hands a failure to the callers in flight and keeps nothing', async () => {
    const inFlight = new InFlight();
    const gate = deferred<number>();
    let reads = 0;
    const a = inFlight.get('k', () => {
      reads++;
      return gate.promise;
    });
    const b = inFlight.get('k', () => {
      reads++;
      return gate.promise;
    });
    gate.reject(new Error('upstream down'));
    await assert.rejects(a, /upstream down/);
    await assert.rejects(b, /upstream down/);
    assert.equal(await inFlight.get('k', async () => ++reads), 2);
  });

  it('after a write, a later caller never gets a read that started before it finished', async () => {
    const inFlight = new InFlight();
    const before = deferred<string>();
    const old = inFlight.get('acks', () => before.promise);
    const write = deferred<string>();
    const written = afterWrite(inFlight, write.promise);
    // While the write is not answered, callers may still share the read in flight (they raced the write).
    assert.equal(
      inFlight.get('acks', async () => 'not read'),
      old,
    );
    write.resolve('204');
    assert.equal(await written, '204');
    const fresh = inFlight.get('acks', async () => 'after the write');
    assert.notEqual(fresh, old);
    before.resolve('before the write');
    assert.equal(await old, 'before the write');
    assert.equal(await fresh, 'after the write');
    // A failed write forgets too.
    const again = inFlight.get('acks', () => new Promise(() => undefined));
    await assert.rejects(afterWrite(inFlight, Promise.reject(new Error('503'))), /503/);
    assert.notEqual(
      inFlight.get('acks', async () => 'x'),
      again,
    );
  });
});

describe('Derived', () => {
  it('gives the value again for the same inputs (by identity), and works it out anew when any input differs', () => {
    const derived = new Derived<string>();
    let computed = 0;
    const compute = (tag: string) => () => `${tag} ${++computed}`;
    const recs = { clusters: {} };
    const acked = new Set<string>();
    const store = {};
    assert.equal(derived.get(recs, [acked, store, true], compute('a')), 'a 1');
    assert.equal(derived.get(recs, [acked, store, true], compute('b')), 'a 1');
    // An equal but new input (a new read) is a new computation; so is another primitive.
    assert.equal(derived.get(recs, [new Set<string>(), store, true], compute('c')), 'c 2');
    assert.equal(derived.get(recs, [acked, store, false], compute('d')), 'd 3');
    assert.equal(derived.get({ clusters: {} }, [acked, store, false], compute('e')), 'e 4');
  });
});

describe('AggregatorClient org reads over HTTP', () => {
  it('the cluster-list reads (A16, A17) are shared by callers sending the same org, user and list, and parsed once', async () => {
    const held: ServerResponse[] = [];
    const bodies: string[] = [];
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        bodies.push(`${req.url} ${body}`);
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-body', JSON.stringify({ clusters: { [JSON.parse(body)[0]]: { recommendations: [] } }, status: 'ok' }));
        held.push(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new AggregatorClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/`, 5_000);
    const release = async (count: number) => {
      for (let waited = 0; held.length < count; waited += 5) {
        if (waited > 2_000) throw new Error(`the server holds ${held.length} reads, expected ${count}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      for (const res of held.splice(0)) res.end(res.getHeader('x-body') as string);
    };
    try {
      const calls = [
        client.clustersRecommendations(1, 'u', ['c1', 'c2']),
        client.clustersRecommendations(1, 'u', ['c1', 'c2']),
        client.clustersRecommendations(1, 'u', ['c2', 'c1']),
        client.clustersRecommendations(1, 'v', ['c1', 'c2']),
        client.clustersRecommendations(2, 'u', ['c1', 'c2']),
        client.recommendationsList(1, 'u', ['c1', 'c2']),
      ];
      await release(5);
      const answers = await Promise.all(calls);
      assert.equal(bodies.length, 5, bodies.join('\n'));
      assert.equal(answers[0], answers[1]);
      assert.notEqual(answers[0], answers[2]);
      assert.equal(answers[0]?.json(), answers[1]?.json(), 'parsed once for both callers');
      assert.deepEqual(answers[2]?.json(), { clusters: { c2: { recommendations: [] } }, status: 'ok' });
      // Once answered, the next caller reads anew.
      const later = client.clustersRecommendations(1, 'u', ['c1', 'c2']);
      await release(1);
      assert.notEqual(await later, answers[0]);
      assert.equal(bodies.length, 6);
    } finally {
      await client.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('one acks request for concurrent callers; a write through the client makes the next caller ask again', async () => {
    const held: ServerResponse[] = [];
    const seen: string[] = [];
    let acked = false;
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      seen.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => {
        if (req.url?.endsWith('/disabled_system_wide')) {
          const body = acked
            ? { disabledRules: [{ rule_id: 'ccx.rule.report', error_key: 'EK', org_id: 1 }], status: 'ok' }
            : { disabledRules: [], status: 'ok' };
          res.setHeader('content-type', 'application/json');
          res.setHeader('x-body', JSON.stringify(body));
          held.push(res);
        } else if (req.url?.endsWith('/disable')) {
          acked = true;
          res.end('{"status":"ok"}');
        } else if (req.url?.endsWith('/disabled')) {
          res.end('{"rules":[{"ClusterID":"c1","RuleID":"ccx.rule.report","ErrorKey":"EK"}],"status":"ok"}');
        } else {
          res.statusCode = 404;
          res.end('{}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new AggregatorClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/`, 5_000);
    const waitHeld = async (count: number) => {
      for (let waited = 0; held.length < count; waited += 5) {
        if (waited > 2_000) throw new Error(`the server holds ${held.length} acks reads, expected ${count}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const release = async (count: number) => {
      await waitHeld(count);
      for (const res of held.splice(0)) res.end(res.getHeader('x-body') as string);
    };
    try {
      const first = [ackedIds(client, 1), ackedIds(client, 1), ackedIds(client, 1)];
      await release(1);
      const sets = await Promise.all(first);
      assert.equal(seen.filter((s) => s.endsWith('disabled_system_wide')).length, 1);
      assert.ok(sets.every((s) => s === sets[0] && s.size === 0));

      // A read in flight when the ack is written is not handed to a caller that comes after the write.
      const racing = ackedIds(client, 1);
      await waitHeld(1);
      const res = await client.ackDisable(1, 'ccx.rule', 'EK', 'why');
      assert.equal(res.status, 200);
      const after = ackedIds(client, 1);
      // Without the forgetting, `after` shares `racing`'s read and the server holds one read, not two.
      await release(2);
      assert.equal((await racing).size, 0, 'the read that raced the write answered before it');
      assert.deepEqual([...(await after)], ['ccx.rule|EK']);
      assert.equal(seen.filter((s) => s.endsWith('disabled_system_wide')).length, 3);

      // The org's disables: shared as well, and parsed once.
      const [d1, d2] = await Promise.all([disabledByCluster(client, 1), disabledByCluster(client, 1)]);
      assert.equal(d1, d2);
      assert.deepEqual([...(d1.get('c1') ?? [])], ['ccx.rule|EK']);
    } finally {
      await client.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
