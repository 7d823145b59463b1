/**
 * The folder-backed queue: the Kafka stand-in of the embedded (one machine) profile, behind the same
 * BatchConsumer / BatchProducer interface. Selected by a `[broker] addresses = "file:<folder>"` address
 * (common/kafka/index.ts decides, once, for every client of every service).
 */
export { FileBatchConsumer } from './consumer.js';
export { createFileProducer } from './producer.js';
export { FILE_SCHEME, queueDirOf, topicDir } from './log.js';
