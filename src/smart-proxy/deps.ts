/**
 * What every route feature of the proxy receives, and how a feature plugs in: a ProxyFeature factory
 * gets the ProxyDeps and returns its RouteDefs per API (paths relative to the API prefix), registered on
 * the platform HTTP factory by server.ts (auth, RBAC, metrics, CORS, 404/405/301 apply). See
 * docs/smart-proxy.md ("Adding routes").
 */
import type { Logger } from 'pino';
import type { RouteDef } from '#common/http/routes.js';
import type { BuildInfo } from '#common/service/build-info.js';
import type { AggregatorClient } from './aggregator/client.js';
import type { AmsClient } from './ams/client.js';
import type { ClusterLister } from './ams/clusters.js';
import type { Config } from './config.js';
import type { ContentService } from './content/service.js';
import type { ProxyMetrics } from './metrics.js';
import type { RbacClient } from './rbac/client.js';

export interface ProxyDeps {
  config: Config;
  logger: Logger;
  metrics: ProxyMetrics;
  build: BuildInfo;
  aggregator: AggregatorClient;
  content: ContentService;
  /** null without AMS credentials (spec 2.2 point 2). */
  ams: AmsClient | null;
  /** The org's cluster list: AMS, or the aggregator with `org_clusters_fallback`. */
  clusters: ClusterLister;
  rbac: RbacClient | null;
  /** Orgs allowed to see internal rules; null: everyone may (feature off or auth off). */
  internalRulesOrgs: ReadonlySet<number> | null;
  /** Timeout of outbound calls (ms), for features that build their own clients. */
  upstreamTimeoutMs: number;
}

export interface ProxyFeature {
  v1?: RouteDef[];
  v2?: RouteDef[];
  dbg?: RouteDef[];
  /** Called when the proxy stops (close pools, clients). */
  close?: () => Promise<void>;
}

/** A feature: may be async (e.g. connect and PING a backend; throw StartError to refuse to start). */
export type FeatureFactory = (deps: ProxyDeps) => ProxyFeature | Promise<ProxyFeature>;
