/**
 * Our Kafka interface (spec 2.1) over @platformatic/kafka. Usage:
 *
 *   const consumer = createBatchConsumer({ ...brokerOptionsFromConfig(cfg.broker), groupId: cfg.broker.group, topic: cfg.broker.topic });
 *   const done = consumer.run(async (batch) => { ...process batch.messages (one partition, in order)... });
 *   process.once('SIGTERM', () => void consumer.stop());
 *   await done; // rejects with the handler's (or a fatal Kafka) error
 */
import { FileBatchConsumer, createFileProducer, queueDirOf, topicDir } from '../queue/index.js';
import { KafkaBatchConsumer } from './consumer.js';
import { createProducer as createKafkaProducer, createTopic as createKafkaTopic } from './producer.js';
import type { BatchConsumer, BatchConsumerOptions, BatchProducer, BrokerOptions } from './types.js';

export type * from './types.js';
export { brokerOptionsFromConfig } from './options.js';
export { KafkaHealth, type KafkaHealthReporter, type KafkaState } from './health.js';
export { classifyKafkaError, KafkaConfigurationError } from './outage.js';

/*
 * The one place where the transport is chosen: a `file:<folder>` broker address (the embedded profile) is the
 * folder-backed queue (common/queue/), anything else Kafka. Every consumer and producer of every service
 * (db-writer, pipeline, ingress, payload tracker, dead letter, the produce tool) is created here.
 */

export function createBatchConsumer(opts: BatchConsumerOptions): BatchConsumer {
  const dir = queueDirOf(opts.brokers);
  return dir ? new FileBatchConsumer(dir, opts) : new KafkaBatchConsumer(opts);
}

/** Producer (send() resolves once the record is written: Kafka's leader ack, or the queue file's write). */
export function createProducer(opts: BrokerOptions): BatchProducer {
  const dir = queueDirOf(opts.brokers);
  return dir ? createFileProducer(dir) : createKafkaProducer(opts);
}

/** Creates a topic (admin; for tests and benchmarks). An existing topic is fine. */
export async function createTopic(opts: BrokerOptions, topic: string, partitions: number): Promise<void> {
  const dir = queueDirOf(opts.brokers);
  if (dir) topicDir(dir, topic);
  else await createKafkaTopic(opts, topic, partitions);
}
