/**
 * Our Kafka interface (spec 2.1) over @platformatic/kafka. Usage:
 *
 *   const consumer = createBatchConsumer({ ...brokerOptionsFromConfig(cfg.broker), groupId: cfg.broker.group, topic: cfg.broker.topic });
 *   const done = consumer.run(async (batch) => { ...process batch.messages (one partition, in order)... });
 *   process.once('SIGTERM', () => void consumer.stop());
 *   await done; // rejects with the handler's (or a fatal Kafka) error
 */
import { KafkaBatchConsumer } from './consumer.js';
import type { BatchConsumer, BatchConsumerOptions } from './types.js';

export type * from './types.js';
export { brokerOptionsFromConfig } from './options.js';
export { createProducer, createTopic } from './producer.js';
export { KafkaHealth, type KafkaHealthReporter, type KafkaState } from './health.js';
export { classifyKafkaError, KafkaConfigurationError } from './outage.js';

export function createBatchConsumer(opts: BatchConsumerOptions): BatchConsumer {
  return new KafkaBatchConsumer(opts);
}
