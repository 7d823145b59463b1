/**
 * BatchConsumer over the queue folder (log.ts). One consumer per group at a time (the embedded profile runs
 * one process per role). Each segment is a partition; its batches are delivered in order, one at a time,
 * and the group's position is committed (atomically) only after the handler resolved: at-least-once, as
 * with Kafka. A group without a commit starts at the beginning (Kafka's `earliest`). New records are
 * noticed through fs.watch on the topic folder, with a short polling interval as the fallback.
 */
import { type FSWatcher, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import type { BatchConsumer, BatchConsumerOptions, MessageBatch } from '../kafka/types.js';
import { listSegments, type Offsets, readOffsets, readSegment, topicDir, writeOffsets } from './log.js';

const POLL_MS = 250;
const DEFAULT_MAX_BATCH = 500;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

export class FileBatchConsumer implements BatchConsumer {
  readonly #opts: BatchConsumerOptions;
  readonly #dir: string;
  #stopping = false;
  #wake: (() => void) | null = null;
  #running: Promise<void> | null = null;
  #knownSegments = 0;
  /** Set by the folder watcher: something changed since the last look. */
  #dirty = false;

  constructor(dir: string, opts: BatchConsumerOptions) {
    this.#dir = dir;
    this.#opts = opts;
  }

  run(handler: (batch: MessageBatch) => Promise<void>): Promise<void> {
    if (this.#running) throw new Error('queue consumer: run() called twice');
    this.#running = this.#loop(handler);
    return this.#running;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#running?.catch(() => {});
  }

  async #loop(handler: (batch: MessageBatch) => Promise<void>): Promise<void> {
    const { topic, groupId } = this.#opts;
    const path = topicDir(this.#dir, topic);
    const max = this.#opts.maxBatchMessages ?? DEFAULT_MAX_BATCH;
    const maxBytes = this.#opts.partitionFetchBytes ?? DEFAULT_MAX_BYTES;
    let watcher: FSWatcher | null = null;
    try {
      watcher = watch(path, () => {
        this.#dirty = true;
        this.#wake?.();
      });
      watcher.on('error', () => {}); // polling still runs
    } catch {
      watcher = null;
    }
    try {
      const offsets: Offsets = await readOffsets(path, groupId);
      this.#opts.health?.connected();
      while (!this.#stopping) {
        const segments = listSegments(path);
        if (segments.length !== this.#knownSegments) {
          this.#knownSegments = segments.length;
          this.#opts.onAssignment?.(segments.map((_, i) => i));
        }
        let delivered = false;
        for (const [partition, segment] of segments.entries()) {
          if (this.#stopping) break;
          const from = offsets[segment] ?? 0;
          if (statSync(join(path, segment)).size <= from) continue; // nothing new: no open, no read
          const { messages, next } = await readSegment(join(path, segment), from, { topic, partition }, max, maxBytes);
          if (next === from) continue;
          if (messages.length > 0) {
            await handler({ topic, partition, messages });
            delivered = true;
          }
          offsets[segment] = next;
          await writeOffsets(path, groupId, offsets);
        }
        if (!delivered && !this.#stopping) await this.#idle();
      }
    } finally {
      watcher?.close();
    }
  }

  #idle(): Promise<void> {
    if (this.#dirty) {
      this.#dirty = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        this.#dirty = false;
        resolve();
      };
      this.#wake = done;
      timer = setTimeout(done, this.#opts.maxWaitMs ?? POLL_MS);
    });
  }
}
