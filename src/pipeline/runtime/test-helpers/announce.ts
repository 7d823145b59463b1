/** Upload announcements as the platform sends them (`platform.upload.announce`), for the pipeline's tests. */
import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '#common/kafka/types.js';
import { zeroConfigOf } from '#common/config/schema.js';
import { BOOTSTRAP, unique } from '#test/helpers/kafka.js';
import { type Config, schema } from '../../config.js';

export function identity(orgId: unknown, account: unknown = '789000', extra: Record<string, unknown> = {}): string {
  const id = {
    identity: { internal: { org_id: orgId, auth_time: 0 }, account_number: account, auth_type: 'cert-auth', type: 'System', ...extra },
  };
  return Buffer.from(JSON.stringify(id)).toString('base64');
}

export interface AnnounceOptions {
  url: string;
  orgId?: unknown;
  requestId?: string;
  clusterName?: string;
  service?: string | null;
  gatheringTime?: string;
}

export function announcementValue(o: AnnounceOptions): Record<string, unknown> {
  const v: Record<string, unknown> = {
    account: '789000',
    category: 'test',
    metadata: o.gatheringTime ? { custom_metadata: { gathering_time: o.gatheringTime } } : { reporter: '' },
    request_id: o.requestId ?? randomUUID().replaceAll('-', ''),
    principal: '87654321',
    service: 'openshift',
    size: 1234,
    url: o.url,
    b64_identity: identity(o.orgId ?? '123456'),
    timestamp: new Date().toISOString(),
  };
  if (o.clusterName) v.cluster_name = o.clusterName;
  return v;
}

/** A Kafka message with the platform's `service` header (null: no header). */
export function announcement(value: Record<string, unknown> | string, service: string | null = 'openshift'): OutgoingMessage {
  return {
    value: typeof value === 'string' ? value : JSON.stringify(value),
    ...(service === null ? {} : { headers: { service } }),
  };
}

export interface PipelineTopics {
  incoming: string;
  results: string;
  tracker: string;
  dlq: string;
  group: string;
}

/** Fresh names for one suite: topics `<name>.announce`, `.results`, `.tracker`, `.dlq` and the group `<name>`. */
export function pipelineTopics(name: string): PipelineTopics {
  return {
    incoming: unique(`${name}.announce`),
    results: unique(`${name}.results`),
    tracker: unique(`${name}.tracker`),
    dlq: unique(`${name}.dlq`),
    group: unique(name),
  };
}

export function pipelineConfig(t: PipelineTopics, over: (c: Config) => void = () => {}): Config {
  const c = zeroConfigOf(schema);
  Object.assign(c.broker, { addresses: BOOTSTRAP, client_id: 'test-pipeline' });
  Object.assign(c.consumer, { incoming_topic: t.incoming, group_id: t.group, dead_letter_queue_topic: t.dlq, concurrency: 4 });
  Object.assign(c.downloader, { allow_unsafe_links: true, timeout: 5000, attempts: 2 });
  Object.assign(c.publisher, { outgoing_topic: t.results });
  Object.assign(c.payload_tracker, { topic: t.tracker, service_name: 'ccx-data-pipeline' });
  over(c);
  return c;
}
