/**
 * The OCP processor parses a message with OCP_MESSAGE_SHAPE: the values it only stores as raw JSON are
 * checked and spanned, not built. Differential tests: for every input, the shaped parse must give the same
 * decision, the same stored texts and the same syntax error as the whole-tree parse.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GoJsonSyntaxError, jsonString, parseGoJson } from '#common/go/json.js';
import { clusterUuid, ocpMessage } from '../runtime/test-helpers/messages.js';
import { decodeEnvelope } from './message.js';
import { OCP_MESSAGE_SHAPE, type OcpWrite, processOcpEnvelope, processOcpMessage } from './ocp.js';

const OPTIONS = { allowlist: null };

/** A write decision with its JsonText values as strings. */
const asStrings = (d: OcpWrite) => ({
  ...d,
  reportJson: jsonString(d.reportJson),
  hits: d.hits.map((h) => ({ ...h, details: jsonString(h.details) })),
});

/** The decision for `text` with the whole tree built, or with the shape. */
function decide(text: string, shaped: boolean): unknown {
  const decoded = decodeEnvelope(text, shaped ? OCP_MESSAGE_SHAPE : 'full');
  return decoded.ok ? processOcpEnvelope(decoded.env, OPTIONS) : decoded;
}

function syntaxError(text: string, shaped: boolean): string | null {
  try {
    parseGoJson(text, shaped ? OCP_MESSAGE_SHAPE : 'full');
    return null;
  } catch (err) {
    if (err instanceof GoJsonSyntaxError) return err.message;
    throw err;
  }
}

function assertSame(text: string, what: string): void {
  assert.deepEqual(decide(text, true), decide(text, false), what);
  assert.equal(syntaxError(text, true), syntaxError(text, false), what);
}

const CLUSTER = clusterUuid(1, 3);
const generated = ocpMessage({ org: 7, cluster: CLUSTER, lastChecked: '2025-01-01T01:00:00.000417Z', seed: 5 });

/**
 * Whitespace everywhere, HTML characters and escapes in skipped strings, numbers and literals in skipped
 * values, empty skipped containers, a key that differs from a field's name only in case.
 */
const tricky = `{ "OrgID" : 7 , "ClusterName":"${CLUSTER}", "LastChecked" :"2025-01-01T01:00:00Z",
  "Report": {
    "fingerprints" : [ ] ,
    "skips": [ {"details": "a <b> & \\"c\\" \\u003c \\ud83d\\ude00 \\u2028 \u2029 é", "n": -1.5e+3, "t": true, "f": false, "z": null} ],
    "reports": [
      { "component": "a.b.report", "key": "K", "details": { "x" : [ 1 , 2.0 , { } , [ ] ], "html": "<&>" }, "tags": [ "t" ], "links": { } },
      { "Component": "c.d.report", "KEY": "L", "Details": "<raw string>", "rule_id": null }
    ],
    "info": [ { "info_id": "version_info|CLUSTER_VERSION_INFO", "details": { "version": "4.9" } } ],
    "system": { "hostname": "h" },
    "analysis_metadata": { },
    "pass": [ ]
  }
}`;

describe('OCP processor: the shaped parse decides as the whole-tree parse', () => {
  it('stores the same texts for a generated and a hand-written message', () => {
    for (const text of [generated, tricky]) {
      const decision = decide(text, true) as { kind: string; reportJson: string; hits: unknown[] };
      assert.equal(decision.kind, 'write');
      assert.deepEqual(decision, decide(text, false));
    }
    const hits = (decide(tricky, true) as { hits: { component: string; key: string; details: string }[] }).hits;
    assert.deepEqual(hits[1], { component: 'c.d.report', key: 'L', details: '"<raw string>"' });
  });

  it('an all-ASCII message is stored from views of its bytes, with the texts of the string path', () => {
    const asciiTricky = tricky.replace(/[^\x00-\x7f]/g, '?');
    for (const text of [generated, asciiTricky]) {
      const bytes = Buffer.from(text, 'utf8');
      const fromBytes = processOcpMessage(bytes, OPTIONS) as OcpWrite;
      assert.equal(fromBytes.kind, 'write');
      assert.ok(Buffer.isBuffer(fromBytes.reportJson));
      for (const h of fromBytes.hits) {
        assert.ok(Buffer.isBuffer(h.details));
        assert.equal(h.details.buffer, bytes.buffer, "a hit's details are a view of the message");
      }
      assert.deepEqual(asStrings(fromBytes), decide(text, true));
    }
    // Any other character: decoded as UTF-8, stored from strings, as before.
    const other = processOcpMessage(Buffer.from(tricky, 'utf8'), OPTIONS) as OcpWrite;
    assert.equal(typeof other.reportJson, 'string');
    assert.deepEqual(other, decide(tricky, true));
  });

  it('an empty report found empty through skipped values', () => {
    const empty = `{"OrgID":1,"ClusterName":"${CLUSTER}","LastChecked":"2025-01-01T01:00:00Z","Report":{"skips":[],"pass":{},"system":null}}`;
    assert.deepEqual((decide(empty, true) as { kind: string }).kind, 'empty');
    assertSame(empty, 'empty report');
    const notEmpty = empty.replace('"skips":[]', '"skips":[1]');
    assert.equal((decide(notEmpty, true) as { kind: string }).kind, 'reject');
    assertSame(notEmpty, 'report with a missing key and a non-empty skipped value');
  });

  it('every truncation of a message fails with the same syntax error', () => {
    for (const text of [tricky, generated.slice(0, 3000)]) {
      for (let end = 0; end < text.length; end++) {
        const cut = text.slice(0, end);
        assert.equal(syntaxError(cut, true), syntaxError(cut, false), `cut at ${end}`);
      }
    }
  });

  it('every one-character corruption gives the same error or decision', () => {
    const replacements = ['"', '\\', '{', '}', '[', ']', ',', ':', 'x', '0', '-', ' ', '\u0001', '<', 'é'];
    for (let pos = 0; pos < tricky.length; pos++) {
      for (const r of replacements) {
        const text = tricky.slice(0, pos) + r + tricky.slice(pos + 1);
        assertSame(text, `${JSON.stringify(r)} at ${pos}`);
      }
    }
  });
});
