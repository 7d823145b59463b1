/**
 * One announced archive through the pipeline (spec 8): download -> extract -> cluster ID -> rules ->
 * results message. A failure is an ArchiveFailure with the reason; transient download failures are
 * retried a few times first. Nothing here touches Kafka.
 */
import type { Logger } from 'pino';
import type { Announcement } from '../announce/announce.js';
import { ArchiveError, extractArchive } from '../archive/extract.js';
import { DownloadError, downloadArchive } from '../archive/download.js';
import type { Settings } from '../config.js';
import { Archive } from '../engine/archive.js';
import { runRules } from '../engine/engine.js';
import { ClusterIdFile, HypershiftParser } from '../engine/parsers.js';
import type { Rule } from '../engine/rule.js';
import type { ArchiveLabel, PipelineMetrics } from '../metrics.js';
import { type DvoOutcome, dvoOutcome } from '../dvo/extract.js';
import { RESULTS_VERSION, resultsMessage } from './report.js';

export class ArchiveFailure extends Error {
  override name = 'ArchiveFailure';
}

export interface ProcessDeps {
  settings: Settings;
  rules: readonly Rule[];
  metrics: PipelineMetrics;
  logger: Logger;
  /** Waits between download attempts (ms); tests shorten it. */
  retryDelayMs?: number;
}

export interface Processed {
  clusterName: string;
  label: ArchiveLabel;
  /** The `ccx.ocp.results` value. */
  value: string;
  hits: number;
  /** The `ccx.dvo.results` part (absent when `publisher.dvo_topic` is off). */
  dvo: DvoOutcome;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function download(a: Announcement, deps: ProcessDeps): Promise<Buffer> {
  const { settings, metrics, logger } = deps;
  for (let attempt = 1; ; attempt++) {
    const end = metrics.downloadDuration.startTimer();
    try {
      const data = await downloadArchive(a.url, {
        maxBytes: settings.maxArchiveBytes,
        timeoutMs: settings.downloadTimeoutMs,
        allowUnsafeLinks: settings.allowUnsafeLinks,
      });
      end();
      return data;
    } catch (err) {
      if (!(err instanceof DownloadError)) throw err;
      if (!err.transient || attempt >= settings.downloadAttempts) {
        throw new ArchiveFailure(err.transient ? `${err.message} (after ${attempt} attempts)` : err.message);
      }
      metrics.retries.inc();
      logger.warn({ request_id: a.requestId, attempt, err: err.message }, 'download failed (transient); retrying');
      await sleep((deps.retryDelayMs ?? 500) * 2 ** (attempt - 1));
    }
  }
}

export async function processAnnouncement(a: Announcement, deps: ProcessDeps): Promise<Processed> {
  const { settings, metrics, logger } = deps;
  const data = await download(a, deps);
  metrics.downloaded.inc();
  metrics.archiveSize.observe(data.length);
  let files: Awaited<ReturnType<typeof extractArchive>>;
  try {
    files = await extractArchive(data, settings.extract);
  } catch (err) {
    if (err instanceof ArchiveError) throw new ArchiveFailure(err.message);
    throw err;
  }
  const gatheringTime = a.gatheringTime ?? new Date().toISOString();
  const archive = new Archive(files, new Date(gatheringTime));
  const label: ArchiveLabel = archive.get(HypershiftParser) ? 'hypershift' : 'ocp';
  metrics.extracted.inc({ archive: label });
  const clusterName = a.clusterName ?? archive.get(ClusterIdFile);
  if (!clusterName) throw new ArchiveFailure('no cluster ID: not in the announcement, and the archive has no valid config/id');
  const end = metrics.processDuration.startTimer({ archive: label });
  const started = new Date();
  const report = runRules(archive, deps.rules, {
    ruleBudgetMs: settings.ruleBudgetMs,
    onRuleFailure: (rule, reason, detail) => {
      if (reason === 'TIMEOUT') metrics.timeouts.inc({ archive: label });
      logger.warn({ request_id: a.requestId, rule: rule.module, reason, detail }, 'rule failed; reported as a skip');
    },
  });
  const dvo: DvoOutcome = settings.dvoTopic
    ? dvoOutcome(files, a, clusterName, RESULTS_VERSION, settings.dvo, started)
    : { kind: 'absent' };
  end();
  metrics.processed.inc({ archive: label });
  return { clusterName, label, value: resultsMessage(a, clusterName, report, gatheringTime), hits: report.reports.length, dvo };
}
