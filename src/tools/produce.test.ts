// @requires kafka
/** The `insights-results-produce` tool (src/tools/produce.ts) against the real broker. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFamilies } from '#test/fixtures/results-messages.js';
import { BOOTSTRAP, makeTopic, readTopic, unique } from '#test/helpers/kafka.js';
import { parseArgs, produceFiles, UsageError } from './produce.js';

describe('insights-results-produce', () => {
  it('parses its arguments', () => {
    assert.deepEqual(parseArgs(['--topic', 't', '--brokers', 'a:1,b:2', '--key', 'k', 'x.json', 'dir'], {}), {
      topic: 't',
      brokers: ['a:1', 'b:2'],
      key: 'k',
      paths: ['x.json', 'dir'],
    });
    assert.deepEqual(parseArgs(['--topic=t', 'f'], { KAFKA_BOOTSTRAP: 'h:9' }), { topic: 't', brokers: ['h:9'], key: null, paths: ['f'] });
    assert.equal(parseArgs(['--help']), 'help');
    assert.throws(() => parseArgs(['f']), UsageError);
    assert.throws(() => parseArgs(['--topic', 't']), UsageError);
    assert.throws(() => parseArgs(['--bogus', '--topic', 't', 'f']), UsageError);
  });

  it('sends each file of a folder (and single files) as one message, unchanged, with the key', async () => {
    const topic = await makeTopic(unique('produce.tool'));
    const dir = mkdtempSync(join(tmpdir(), 'produce-'));
    const messages = writeFamilies(dir);
    const folder = join(messages, 'normal');
    const single = join(messages, 'invalid_no_report', 'result01.json');
    const summary = await produceFiles({ topic, brokers: BOOTSTRAP.split(','), key: 'the-key', paths: [folder, single] });
    const expected = [
      ...readdirSync(folder)
        .sort()
        .map((name) => readFileSync(join(folder, name))),
      readFileSync(single),
    ];
    rmSync(dir, { recursive: true, force: true });
    assert.equal(summary.failed.length, 0);
    assert.equal(summary.sent, expected.length);
    assert.equal(
      summary.bytes,
      expected.reduce((n, b) => n + b.length, 0),
    );
    const got = await readTopic(topic, expected.length);
    assert.deepEqual(
      got.map((m) => m.value!.toString('utf8')),
      expected.map((b) => b.toString('utf8')),
    );
    assert.ok(got.every((m) => m.key?.toString() === 'the-key'));
  });

  it('reports unreadable paths', async () => {
    const summary = await produceFiles({
      topic: 'never-created',
      brokers: BOOTSTRAP.split(','),
      key: null,
      paths: ['/nonexistent/file.json'],
    });
    assert.equal(summary.sent, 0);
    assert.equal(summary.failed.length, 1);
  });
});
