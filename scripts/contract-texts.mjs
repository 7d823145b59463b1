// The contract texts scripts/mutate-contract-texts.mjs mutates, by set. An entry names one text in one source
// file: `find` is the code around it (it must occur exactly once in `file`), `text` the contract text inside
// `find` that is changed, `to` (optional) its replacement, `tests` the suites that must catch the change (run-tests.mjs filters).
// Texts come from ../shared/spec/aggregator.md (2.2-2.4, 2.5.2, 4.3, 4.4.9) or, where the spec says "the Go
// error text", from the upstream Go libraries (the script says which).

const DVO_PROCESSOR = 'src/aggregator/db-writer/processor/dvo.test.ts';
const DVO_WRITER = 'src/aggregator/db-writer/writer/dvo.test.ts';
const DVO_RUNTIME = 'src/aggregator/db-writer/runtime/dvo.test.ts';
const WORKLOADS = 'src/aggregator/api/workloads/workloads.test.ts';
const WORKLOADS_NAMESPACE = 'src/aggregator/api/workloads/workloads-namespace.test.ts';

const PROCESSOR_FILE = 'src/aggregator/db-writer/processor/dvo.ts';
const ROUTES_FILE = 'src/aggregator/api/workloads/routes.ts';

/** The DVO path: the dvo-writer's decisions (2.2-2.4, 2.5.2) and the aggregator's DVO routes (4.4.9). */
const dvo = [
  // db-writer, DVO messages: rejection texts (they go to consumer_error, the DLQ and the payload tracker).
  {
    name: 'dvo-writer: Metrics without workload_recommendations',
    file: PROCESSOR_FILE,
    find: `export const MISSING_WORKLOADS = "improper report structure, missing key with name 'workload_recommendations'";`,
    text: "improper report structure, missing key with name 'workload_recommendations'",
    tests: [DVO_PROCESSOR, DVO_WRITER],
  },
  {
    name: 'dvo-writer: the key name workload_recommendations',
    file: PROCESSOR_FILE,
    find: "if (!env.metrics.has('workload_recommendations'))",
    text: 'workload_recommendations',
    tests: [DVO_PROCESSOR, DVO_WRITER],
  },
  {
    name: 'dvo-writer: Metrics missing',
    file: PROCESSOR_FILE,
    find: "return reject(meta, 'deserialize', missingAttribute('Metrics'));",
    text: 'Metrics',
    tests: [DVO_PROCESSOR, DVO_RUNTIME],
  },
  {
    name: 'dvo-writer: the Go type of Metrics in JSON type errors',
    file: 'src/aggregator/db-writer/processor/message.ts',
    find: "rawMap('consumer.DvoMetrics')",
    text: 'consumer.DvoMetrics',
    tests: [DVO_PROCESSOR],
  },
  {
    name: 'dvo-writer: the Go type of a recommendation in JSON type errors',
    file: PROCESSOR_FILE,
    find: "structType('types.WorkloadRecommendation', 'WorkloadRecommendation', [",
    text: 'types.WorkloadRecommendation',
    tests: [DVO_PROCESSOR, DVO_WRITER],
  },
  {
    name: 'dvo-writer: the Go struct of a recommendation in JSON field errors',
    file: PROCESSOR_FILE,
    find: "structType('types.WorkloadRecommendation', 'WorkloadRecommendation', [",
    text: "'WorkloadRecommendation'",
    tests: [DVO_PROCESSOR, DVO_WRITER],
  },
  {
    name: 'dvo-writer: the Go struct of a workload in JSON field errors',
    file: PROCESSOR_FILE,
    find: "structType('types.DVOWorkload', 'DVOWorkload', [",
    text: "'DVOWorkload'",
    tests: [DVO_PROCESSOR, DVO_WRITER],
  },
  {
    name: 'dvo-writer: truncated gzip value',
    file: PROCESSOR_FILE,
    find: "if (value.length < 10) return { error: 'unexpected EOF' };",
    text: 'unexpected EOF',
    tests: [DVO_PROCESSOR],
  },
  {
    name: 'dvo-writer: gzip header of another method',
    file: PROCESSOR_FILE,
    find: "if (value[2] !== 8) return { error: 'gzip: invalid header' };",
    text: 'gzip: invalid header',
    tests: [DVO_PROCESSOR],
  },
  {
    name: 'dvo-writer: gzip checksum',
    file: PROCESSOR_FILE,
    find: "return 'gzip: invalid checksum';",
    text: 'gzip: invalid checksum',
    tests: [DVO_PROCESSOR],
  },
  {
    name: 'dvo-writer: the .recommendation suffix dropped from rule IDs (rule_hits_count keys)',
    file: PROCESSOR_FILE,
    find: "component.endsWith('.recommendation')",
    text: '.recommendation',
    tests: [DVO_PROCESSOR, DVO_WRITER],
  },
  // aggregator API, DVO routes (4.4.9) and the parameter rule of 4.3.
  {
    name: 'API: namespace not found',
    file: ROUTES_FILE,
    find: 'was not found in the storage`);',
    text: 'was not found in the storage',
    tests: [WORKLOADS_NAMESPACE],
  },
  {
    name: 'API: namespace parameter error',
    file: ROUTES_FILE,
    find: "`invalid namespace ID: '",
    text: 'invalid namespace ID',
    tests: [WORKLOADS_NAMESPACE],
  },
  {
    name: 'API: namespace parameter name in the error',
    file: ROUTES_FILE,
    find: "throw paramParseError('namespace', v,",
    text: 'namespace',
    tests: [WORKLOADS_NAMESPACE],
  },
  {
    name: 'API: POST workloads without a body',
    file: 'src/common/errors.ts',
    find: `export const NO_BODY = "client didn't provide request body";`,
    text: "client didn't provide request body",
    tests: [WORKLOADS],
  },
  {
    name: 'API: POST workloads with a body of the wrong JSON type',
    file: 'src/common/errors.ts',
    find: "export const BAD_JSON_TYPE = 'bad type in json data';",
    text: 'bad type in json data',
    tests: [WORKLOADS],
  },
  {
    name: 'API: workloads list key recommendations_hit_count',
    file: ROUTES_FILE,
    find: 'recommendations_hit_count: hitsCount(row.rule_hits_count),',
    text: 'recommendations_hit_count',
    tests: [WORKLOADS],
  },
  {
    name: 'API: namespace recommendation key extra_data',
    file: ROUTES_FILE,
    find: 'extra_data: details === undefined',
    text: 'extra_data',
    tests: [WORKLOADS_NAMESPACE],
  },
  {
    name: 'API: the .recommendation suffix dropped from check',
    file: ROUTES_FILE,
    find: "component.replace(/\\.recommendation$/, '')",
    text: 'recommendation$',
    tests: [WORKLOADS_NAMESPACE],
  },
  {
    name: 'API: the stored report key workload_recommendations',
    file: ROUTES_FILE,
    find: "const list = asArray(field(root, 'workload_recommendations'));",
    text: 'workload_recommendations',
    // field() matches names case-insensitively, as Go's json.Unmarshal does: a case swap changes nothing.
    to: 'workload_recommendation',
    tests: [WORKLOADS_NAMESPACE],
  },
];

export const CONTRACT_TEXT_SETS = { dvo };
