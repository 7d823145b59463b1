/**
 * The route features of the proxy, in registration order. A new feature: a factory `(deps) => ProxyFeature`
 * (deps.ts) in its own folder, added here.
 */
import { basicRoutes } from './basics/routes.js';
import type { FeatureFactory } from './deps.js';
import { requestsFeature } from './requests/feature.js';
import { upgradeRisksFeature } from './upgrade-risks/feature.js';
import { v1ContentRoutes } from './v1/content.js';
import { v1OverviewRoutes } from './v1/overview.js';
import { v1ReportRoutes } from './v1/reports.js';
import { debugRoutes, v1DebugRoutes, v1VoteRoutes } from './v1/votes.js';
import { v2AckRoutes } from './v2/acks.js';
import { v2ClusterRoutes } from './v2/clusters.js';
import { v2RuleRoutes } from './v2/rules.js';
import { v2WorkloadRoutes } from './v2/workloads.js';

export const FEATURES: FeatureFactory[] = [
  basicRoutes,
  (deps) => ({
    v1: [
      ...v1ReportRoutes(deps),
      ...v1ContentRoutes(deps),
      ...v1OverviewRoutes(deps),
      ...v1VoteRoutes(deps),
      ...(deps.config.server.debug ? [...v1DebugRoutes(deps), ...debugRoutes(deps)] : []),
    ],
    v2: [...v2ClusterRoutes(deps), ...v2RuleRoutes(deps), ...v2AckRoutes(deps), ...v2WorkloadRoutes(deps)],
    dbg: debugRoutes(deps),
  }),
  requestsFeature,
  upgradeRisksFeature,
];
