/**
 * What the OCP processor must do with each results-message family (spec 2.4), run over any source of
 * family files: the repository's generated families (ocp.test.ts) and the upstream corpus
 * (ocp.corpus.test.ts, `// @requires corpus`).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { toDbTimestamp } from '#common/time.js';
import { jsonString } from '#common/go/json.js';
import { type OcpDecision, processOcpMessage } from '../ocp.js';
import { INVALID_FAMILY_ERRORS } from './messages.js';

type Files = (family: string) => { name: string; content: Buffer }[];

export const decide = (value: unknown, allowlist: Set<number> | null = null): OcpDecision =>
  processOcpMessage(
    value === null ? null : Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    { allowlist },
  );

export const errorOf = (value: unknown, allowlist: Set<number> | null = null) => {
  const d = decide(value, allowlist);
  return d.kind === 'reject' ? d.error : d.kind;
};

/** LastChecked of the corpus (and generated) messages and its stored form (UTC, microseconds, rounded). */
const STORED_LAST_CHECKED: Record<string, string> = {
  '2020-04-02T09:00:05.268294Z': '2020-04-02 09:00:05.268294',
  '2020-01-23T16:15:59.478901889Z': '2020-01-23 16:15:59.478902',
  '2020-04-09T06:16:02.512755Z': '2020-04-09 06:16:02.512755',
};

/** One `it` per family: every invalid_* file rejected with its text, every valid one decoded as it reads. */
export function familyChecks(files: Files, validFamilies: string[], verbatimFile: { family: string; name: string }): void {
  for (const [family, error] of Object.entries(INVALID_FAMILY_ERRORS)) {
    it(`rejects every ${family} message with: ${error}`, () => {
      const list = files(family);
      assert.ok(list.length > 0);
      for (const file of list) assert.equal(errorOf(file.content), error, file.name);
    });
  }

  for (const family of validFamilies) {
    it(`accepts every ${family} message with the hits, version and report it carries`, () => {
      const list = files(family);
      assert.ok(list.length > 0);
      for (const file of list) {
        const message = JSON.parse(file.content.toString('utf8'));
        const d = decide(file.content);
        assert.equal(d.kind, 'write', file.name);
        if (d.kind !== 'write') continue;
        assert.equal(d.orgId, message.OrgID);
        assert.equal(d.clusterName, message.ClusterName);
        assert.equal(d.account, message.AccountNumber);
        assert.deepEqual(JSON.parse(jsonString(d.reportJson)), message.Report);
        assert.deepEqual(Object.keys(JSON.parse(jsonString(d.reportJson))), Object.keys(message.Report).sort());
        const reports = message.Report.reports as { component: string; key: string; details: unknown }[];
        assert.deepEqual(
          d.hits.map((h) => [h.component, h.key]),
          reports.map((r) => [r.component, r.key]),
        );
        assert.deepEqual(
          d.hits.map((h) => JSON.parse(jsonString(h.details))),
          reports.map((r) => r.details),
        );
        const info = (message.Report.info ?? []).find((i: { info_id: string }) => i.info_id === 'version_info|CLUSTER_VERSION_INFO');
        assert.equal(d.versionInfo, info ? (info.details.version ?? '') : null);
        const expectedVersion = message.Version === 1 || message.Version === 2 ? undefined : (message.Version ?? 0);
        assert.equal(d.unexpectedVersion, expectedVersion);
        assert.equal(toDbTimestamp(d.lastChecked), STORED_LAST_CHECKED[message.LastChecked as string], message.LastChecked);
      }
    });
  }

  it('keeps details verbatim and the report compact', () => {
    const [file] = files(verbatimFile.family).filter((f) => f.name === verbatimFile.name);
    assert.ok(file, verbatimFile.name);
    const d = decide(file.content);
    assert.equal(d.kind, 'write');
    if (d.kind !== 'write') return;
    const text = file.content.toString('utf8');
    assert.ok(text.includes(jsonString(d.hits[0].details)), 'details are a substring of the message');
    assert.match(jsonString(d.hits[0].details), /\n\s+"type": "rule"/);
    assert.doesNotMatch(jsonString(d.reportJson), /\n| {2}/);
  });
}
