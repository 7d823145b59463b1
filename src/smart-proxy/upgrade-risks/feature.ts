/** The upgrade-risks feature: the data-engineering service client (5 s, as upstream) and the routes on API v2. */
import type { FeatureFactory, ProxyDeps, ProxyFeature } from '../deps.js';
import { UNREACHABLE, Upstream } from '../upstream/http.js';
import { type UpgradeRisksDeps, upgradeRisksRoutes } from './routes.js';

/** Upstream's timeout for the data-engineering service. */
export const UPGRADE_RISKS_TIMEOUT_MS = 5000;

export function upgradeRisksDeps(deps: ProxyDeps, service: Upstream): UpgradeRisksDeps {
  const { ams, clusters, config } = deps;
  return {
    service,
    clusterInOrg: ams ? (org, cluster) => ams.clusterInOrg(org, cluster) : null,
    orgClusters: ams || config.server.org_clusters_fallback ? async (org) => (await clusters.list(org)).map((c) => c.cluster_id) : null,
  };
}

export const upgradeRisksFeature: FeatureFactory = (deps): ProxyFeature => {
  const service = new Upstream(deps.config.services.upgrade_risks_prediction, UNREACHABLE.upgradeRisks, UPGRADE_RISKS_TIMEOUT_MS, 16);
  return { v2: upgradeRisksRoutes(upgradeRisksDeps(deps, service)), close: () => service.close() };
};
