/** Our small Kafka interface (spec 2.1). Implemented over @platformatic/kafka in ./consumer.ts and ./producer.ts. */

export interface KafkaMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: Date;
}

/** Consecutive offsets of ONE partition, in order. */
export interface MessageBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
}

export interface BrokerOptions {
  /** Bootstrap servers, `host:port`. */
  brokers: string[];
  clientId?: string;
  /** Connect and request timeout in ms (0 or absent: library defaults, 5 s connect / 30 s request). */
  timeoutMs?: number;
  /** `true` for TLS with the system CAs; `{ ca }` with a PEM text (not a path) to trust. */
  tls?: { ca?: string } | boolean;
  sasl?: { mechanism: 'PLAIN' | 'SCRAM-SHA-512'; username: string; password: string };
}

export interface BatchConsumer {
  /**
   * Consumes until stop(). For each partition, batches are delivered strictly in order, one at a time;
   * different partitions may be in flight at once. After `handler(batch)` resolves, the offset after the
   * batch's last message is committed for that partition. If the handler rejects, nothing of that batch is
   * committed and run() rejects with that error after stopping.
   */
  run(handler: (batch: MessageBatch) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface Producer {
  send(topic: string, value: Buffer | string, key?: Buffer | string | null): Promise<void>;
  close(): Promise<void>;
}

export interface OutgoingMessage {
  value: Buffer | string;
  key?: Buffer | string | null;
  /** Explicit partition; otherwise murmur2(key) when keyed, round robin when not. */
  partition?: number;
}

/** What createProducer() returns: a Producer plus a bulk send (one produce request per leader). */
export interface BatchProducer extends Producer {
  sendBatch(topic: string, messages: OutgoingMessage[]): Promise<void>;
}
