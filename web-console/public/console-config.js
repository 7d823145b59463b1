// Runtime settings of the web console, read before it starts. Whoever serves the console may replace this file
// (web-console/README.md): the prefixes of the smart proxy's API v1 and v2 on this origin, the upload endpoint
// (ingress) on this origin, the identity sent as x-rh-identity when no gateway in front of the proxy sets it
// (null: send none), how often lists load again (seconds, 0: never) and how often a failed view retries.
window.insightsConsoleConfig = {
  apiV1Prefix: '/api/insights-results-aggregator/v1/',
  apiV2Prefix: '/api/insights-results-aggregator/v2/',
  uploadPath: '/api/ingress/v1/upload',
  identity: null,
  refreshSeconds: 30,
  retrySeconds: 5,
};
