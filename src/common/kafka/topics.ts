/**
 * The consumed topic's state in the metadata: a consumer subscribing before its topic exists (or while
 * its partitions have no leader, e.g. right after a broker restart) waits for it without auto-creating it,
 * reporting the wait once; any other metadata failure is the caller's to classify (outage.ts).
 */
import type { Consumer } from '@platformatic/kafka';
import { pause } from './backoff.js';
import { errorText } from './errors.js';

type Metadata = Awaited<ReturnType<Consumer['metadata']>>;

export type TopicState = 'ready' | 'missing' | 'no-leader';

export function topicState(md: Metadata, topic: string): TopicState {
  const t = md.topics.get(topic);
  if (!t || t.partitionsCount === 0) return 'missing';
  return t.partitions.every((p) => p && p.leader >= 0) ? 'ready' : 'no-leader';
}

/** The metadata request failed because the topic does not exist (yet) or has no leader. */
export function isTopicNotReadyError(error: unknown): boolean {
  return /Unknown topic|LEADER_NOT_AVAILABLE|UNKNOWN_TOPIC/i.test(errorText(error));
}

export interface WaitForTopicHooks {
  /** Resolves when the consumer stops. */
  stopped: Promise<void>;
  isStopping(): boolean;
  /** A broker answered (the metadata request succeeded). */
  reached(): void;
  /** Called once when the topic is first seen not ready. */
  waiting(state: Exclude<TopicState, 'ready'>): void;
  /** Any other failure; returns the delay before the next attempt. */
  failed(error: unknown): number;
}

/** Polls the metadata (forced, without auto-creation) until every partition of `topic` has a leader. */
export async function waitForTopic(consumer: Consumer, topic: string, hooks: WaitForTopicHooks): Promise<void> {
  let said = false;
  while (!hooks.isStopping()) {
    let delay = 500;
    try {
      const md = await consumer.metadata({ topics: [topic], forceUpdate: true });
      hooks.reached();
      const state = topicState(md, topic);
      if (state === 'ready') return;
      if (!said) hooks.waiting(state);
      said = true;
    } catch (error) {
      if (isTopicNotReadyError(error)) {
        hooks.reached();
        if (!said) hooks.waiting('missing');
        said = true;
      } else delay = hooks.failed(error);
    }
    await pause(delay, hooks.stopped);
  }
}
