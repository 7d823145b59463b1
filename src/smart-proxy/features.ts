/**
 * The route features of the proxy, in registration order. A new feature: a factory `(deps) => ProxyFeature`
 * (deps.ts) in its own folder, added here.
 */
import { basicRoutes } from './basics/routes.js';
import type { FeatureFactory } from './deps.js';
import { requestsFeature } from './requests/feature.js';
import { upgradeRisksFeature } from './upgrade-risks/feature.js';

export const FEATURES: FeatureFactory[] = [basicRoutes, requestsFeature, upgradeRisksFeature];
