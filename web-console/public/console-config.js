// Runtime settings of the web console, read before it starts. Whoever serves the console may replace this file
// (web-console/README.md): the prefixes of the smart proxy's API v1 and v2 on this origin, and the identity sent
// as x-rh-identity when no gateway in front of the proxy sets it (null: send none).
window.insightsConsoleConfig = {
  apiV1Prefix: '/api/insights-results-aggregator/v1/',
  apiV2Prefix: '/api/insights-results-aggregator/v2/',
  identity: null,
};
