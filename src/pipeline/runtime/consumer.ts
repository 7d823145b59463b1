/**
 * The consumer of `platform.upload.announce` (spec 1, 6): per batch of one partition, every record gets an
 * outcome (filtered, published, failed); archives are processed concurrently up to `concurrency`. The
 * results, then the dead letters and payload-tracker statuses, are produced and acknowledged (retried while
 * the broker is unavailable) BEFORE the batch's offset is committed, as the db-writer does: a crash re-reads
 * the batch, nothing is lost. A bad record never blocks its partition. Partitions' batches run side by
 * side; `limiter` bounds the archives in flight across all of them.
 */
import type { PayloadStatus, PayloadTrackerMessage } from '#contracts/payload-tracker.js';
import { formatRfc3339NanoNs, nowNs } from '#common/kafka/payload-tracker.js';
import type { Retrier } from '#common/kafka/retry.js';
import type { BatchProducer, KafkaMessage, MessageBatch, OutgoingMessage } from '#common/kafka/types.js';
import { type Announcement, type AnnouncementMeta, parseAnnouncement, serviceHeader } from '../announce/announce.js';
import type { DvoOutcome } from '../dvo/extract.js';
import type { Limiter } from './limit.js';
import { ArchiveFailure, type ProcessDeps, processAnnouncement } from './process.js';

export type Outcome =
  | { kind: 'filtered'; reason: string }
  | {
      kind: 'published';
      announcement: Announcement;
      value: string;
      label: 'ocp' | 'hypershift';
      clusterName: string;
      /** The `ccx.dvo.results` part (dvo/extract.ts). */
      dvo: DvoOutcome;
    }
  | { kind: 'failed'; reason: string; meta: AnnouncementMeta; raw: Buffer | null };

export interface ConsumerDeps extends ProcessDeps {
  producer: Pick<BatchProducer, 'sendBatch'>;
  retrier: Retrier;
  /** Wall clock (ms) for the record-age check; tests pin it. */
  now?: () => number;
  /** The process-wide bound on archives in flight (shared by every partition's batches); default: per batch. */
  limiter?: Limiter;
}

/** Runs `fn` over `items` with at most `limit` at once; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function handleMessage(message: KafkaMessage, deps: ConsumerDeps): Promise<Outcome> {
  const { settings, metrics } = deps;
  metrics.received.inc();
  const service = serviceHeader(message.headers);
  if (service !== settings.platformService) {
    return { kind: 'filtered', reason: `service header '${service ?? '(none)'}' is not '${settings.platformService}'` };
  }
  const age = (deps.now?.() ?? Date.now()) - message.timestamp.getTime();
  if (settings.maxRecordAgeMs > 0 && age > settings.maxRecordAgeMs) {
    return {
      kind: 'filtered',
      reason: `record is ${Math.round(age / 1000)} s old, over max_record_age (${settings.maxRecordAgeMs / 1000} s)`,
    };
  }
  const parsed = parseAnnouncement(message.value);
  if (!parsed.ok) return { kind: 'failed', reason: parsed.reason, meta: parsed.meta, raw: message.value };
  const a = parsed.announcement;
  try {
    const done = await processAnnouncement(a, deps);
    return { kind: 'published', announcement: a, value: done.value, label: done.label, clusterName: done.clusterName, dvo: done.dvo };
  } catch (err) {
    const reason = err instanceof ArchiveFailure ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
    return { kind: 'failed', reason, meta: { requestId: a.requestId, orgId: a.orgId, account: a.account }, raw: message.value };
  }
}

function status(service: string, meta: AnnouncementMeta, s: PayloadStatus, at: bigint, msg?: string): OutgoingMessage {
  const body: PayloadTrackerMessage = { service, request_id: meta.requestId ?? '', status: s, date: formatRfc3339NanoNs(at) };
  if (meta.orgId !== undefined) body.org_id = String(meta.orgId);
  if (meta.account !== undefined) body.account = String(meta.account);
  if (msg !== undefined) body.status_msg = msg;
  return { value: JSON.stringify(body) };
}

/** Handles one batch; resolves once everything it must produce is acknowledged (then the offset may be committed). */
export async function handleBatch(batch: MessageBatch, deps: ConsumerDeps): Promise<Outcome[]> {
  const { settings, metrics, logger, producer, retrier } = deps;
  const receivedAt = nowNs();
  const limiter = deps.limiter;
  const outcomes = limiter
    ? await Promise.all(batch.messages.map((m) => limiter.run(() => handleMessage(m, deps))))
    : await mapLimit(batch.messages, settings.concurrency, (m) => handleMessage(m, deps));
  const results: OutgoingMessage[] = [];
  const dvoResults: OutgoingMessage[] = [];
  const deadLetters: OutgoingMessage[] = [];
  const statuses: OutgoingMessage[] = [];
  outcomes.forEach((o, i) => {
    const ctx = { topic: batch.topic, partition: batch.partition, offset: String(batch.messages[i].offset) };
    if (o.kind === 'filtered') {
      metrics.filtered.inc();
      metrics.notHandled.inc();
      logger.debug({ ...ctx, reason: o.reason }, 'record filtered');
      return;
    }
    const meta: AnnouncementMeta =
      o.kind === 'published'
        ? { requestId: o.announcement.requestId, orgId: o.announcement.orgId, account: o.announcement.account }
        : o.meta;
    let note: string | undefined;
    if (o.kind === 'published') {
      results.push({ value: o.value });
      logger.info({ ...ctx, request_id: meta.requestId, cluster: o.clusterName }, 'archive processed; report published');
      if (o.dvo.kind === 'publish') {
        dvoResults.push({ value: o.dvo.value });
        const counts = { recommendations: o.dvo.recommendations, workloads: o.dvo.workloads };
        logger.info({ ...ctx, request_id: meta.requestId, cluster: o.clusterName, ...counts }, 'DVO recommendations published');
      } else if (o.dvo.kind === 'refused') {
        note = `DVO metrics not published: ${o.dvo.reason}`;
        logger.warn({ ...ctx, request_id: meta.requestId, cluster: o.clusterName, reason: o.dvo.reason }, 'DVO metrics refused');
      }
    } else {
      metrics.failures.inc();
      logger.error({ ...ctx, request_id: meta.requestId, org_id: meta.orgId, reason: o.reason }, 'archive failed');
      if (settings.deadLetterTopic) deadLetters.push({ value: o.raw ?? Buffer.alloc(0) });
    }
    if (!settings.trackerTopic || !meta.requestId) return;
    const svc = settings.serviceName;
    statuses.push(status(svc, meta, 'received', receivedAt));
    if (o.kind === 'published') {
      statuses.push(status(svc, meta, 'processing', receivedAt));
      statuses.push(status(svc, meta, 'success', nowNs(), note));
    } else {
      statuses.push(status(svc, meta, 'error', nowNs(), o.reason));
    }
  });
  const context = { topic: batch.topic, partition: batch.partition };
  if (results.length > 0) {
    const byLabel = outcomes.filter((o) => o.kind === 'published');
    const end = metrics.publishDuration.startTimer({ archive: 'ocp' });
    await retrier.run(
      'publishing results',
      context,
      () => true,
      () => producer.sendBatch(settings.outgoingTopic, results),
    );
    end();
    for (const o of byLabel) metrics.published.inc({ archive: o.label });
  }
  if (dvoResults.length > 0) {
    // After the OCP results: a crash in between re-reads the batch and publishes both again (the db-writer
    // keeps a cluster's newest report only, so the repeat changes nothing).
    await retrier.run(
      'publishing DVO results',
      context,
      () => true,
      () => producer.sendBatch(settings.dvoTopic, dvoResults),
    );
  }
  let dl = deadLetters;
  let st = statuses;
  if (dl.length > 0 || st.length > 0) {
    await retrier.run(
      'producing dead letters and payload tracker statuses',
      context,
      () => true,
      async () => {
        if (dl.length > 0) {
          await producer.sendBatch(settings.deadLetterTopic, dl);
          dl = [];
        }
        if (st.length > 0) {
          await producer.sendBatch(settings.trackerTopic, st);
          st = [];
        }
      },
    );
  }
  return outcomes;
}
