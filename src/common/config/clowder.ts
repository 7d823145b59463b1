/**
 * Clowder (the app-interface operator) describes a deployment's Kafka, database and in-memory DB in a JSON
 * file named by `ACG_CONFIG`. This module reads it; each service maps what it uses onto its own keys
 * (ConfigSpec.clowder), e.g. the aggregator's brokers, topic map and database.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './errors.js';

export interface ClowderBroker {
  hostname: string;
  port?: number;
  authtype?: string;
  cacert?: string;
  securityProtocol?: string;
  sasl?: { username?: string; password?: string; saslMechanism?: string; securityProtocol?: string };
}

export interface ClowderConfig {
  kafka?: {
    brokers?: ClowderBroker[];
    topics?: { requestedName: string; name: string }[];
  };
  database?: { name?: string; hostname?: string; port?: number; username?: string; password?: string };
  inMemoryDb?: { hostname?: string; port?: number; username?: string; password?: string };
  endpoints?: { app: string; name: string; hostname: string; port: number }[];
}

export function readClowder(path: string): ClowderConfig {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ClowderConfig;
  } catch (err) {
    throw new ConfigError(`cannot read Clowder configuration ACG_CONFIG=${path}: ${(err as Error).message}`);
  }
}

/** `host:port` of every broker, comma-joined (the `addresses` form). */
export function clowderBrokerAddresses(clowder: ClowderConfig): string | null {
  const brokers = clowder.kafka?.brokers ?? [];
  return brokers.length === 0 ? null : brokers.map((b) => `${b.hostname}:${b.port ?? 9092}`).join(',');
}

/** Writes a broker's CA certificate to a file (Kafka clients take a path) and returns the path. */
export function writeClowderCa(cacert: string, service: string): string {
  const path = join(tmpdir(), `${service}-clowder-ca.crt`);
  writeFileSync(path, cacert);
  return path;
}

/** Requested topic name -> actual name (Clowder's topic map). */
export function clowderTopics(clowder: ClowderConfig): Map<string, string> {
  return new Map((clowder.kafka?.topics ?? []).map((t) => [t.requestedName, t.name]));
}

/** Clowder's in-memory DB onto a `[redis]` section (spec 3.1): `host:port` (6379 by default), username, password. */
export function applyClowderInMemoryDb(redis: { endpoint: string; username: string; password: string }, clowder: ClowderConfig): void {
  const mem = clowder.inMemoryDb;
  if (mem?.hostname) {
    redis.endpoint = `${mem.hostname}:${mem.port ?? 6379}`;
    if (mem.username) redis.username = mem.username;
    if (mem.password) redis.password = mem.password;
  }
}
