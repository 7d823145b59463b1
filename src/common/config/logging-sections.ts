/**
 * The `[logging]`, `[cloudwatch]` and `[sentry]` sections every upstream Go service takes from
 * insights-operator-utils' logger configuration (same keys in the aggregator, the content service and the
 * smart proxy): spread into a service's schema, `{ ...loggingSections, ... }`.
 */
export const loggingSections = {
  logging: {
    debug: 'bool',
    use_stderr: 'bool',
    log_level: 'string',
    logging_to_cloud_watch_enabled: 'bool',
    logging_to_sentry_enabled: 'bool',
  },
  cloudwatch: {
    aws_access_id: 'string',
    aws_secret_key: 'string',
    aws_session_token: 'string',
    aws_region: 'string',
    log_group: 'string',
    stream_name: 'string',
    debug: 'bool',
  },
  sentry: {
    dsn: 'string',
    environment: 'string',
  },
} as const;
