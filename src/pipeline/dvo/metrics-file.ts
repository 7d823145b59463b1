/**
 * `config/dvo_metrics` (spec 3): the Deployment Validation Operator's Prometheus text exposition, one sample
 * per failed check and workload:
 *
 *     deployment_validation_operator_<check>{check_description="…",check_remediation="…",kind="Deployment",
 *       namespace_uid="…",uid="…"[,namespace="…",name="…"]} 1
 *
 * Parsed strictly (label values may hold commas, quotes and backslashes, as the exposition format allows):
 * comments and blank lines are skipped, samples of other metrics are ignored, a sample whose value is 0 is no
 * finding. Any DVO sample line that cannot be read, or lacks `kind`, `namespace_uid` or `uid`, makes the whole
 * file bad (DvoMetricsError with the line number): a partial list would make the db-writer forget the
 * workloads of the lines left out. Pure.
 */

export const DVO_METRIC_PREFIX = 'deployment_validation_operator_';

/** A file that cannot be honoured; the reason names the line. */
export class DvoMetricsError extends Error {
  override name = 'DvoMetricsError';
}

/** One failed check on one workload. */
export interface DvoSample {
  /** The metric name without the prefix, e.g. `unset_cpu_requirements`. */
  check: string;
  labels: Record<string, string>;
}

const REQUIRED_LABELS = ['kind', 'namespace_uid', 'uid'] as const;
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** `{a="x",b="y\"z"}` at `text[start]` -> labels and the index after `}`. */
function readLabels(text: string, start: number): { labels: Record<string, string>; end: number } | string {
  const labels: Record<string, string> = Object.create(null);
  let i = start + 1;
  const skipSpaces = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  for (;;) {
    skipSpaces();
    if (text[i] === '}') return { labels, end: i + 1 };
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (!name) return `label name expected at column ${i + 1}`;
    i += name.length;
    skipSpaces();
    if (text[i] !== '=') return `'=' expected after label '${name}'`;
    i++;
    skipSpaces();
    if (text[i] !== '"') return `quoted value expected for label '${name}'`;
    i++;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) return `unterminated value of label '${name}'`;
      if (c === '"') break;
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else return `bad escape '\\${next ?? ''}' in label '${name}'`;
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    if (name in labels) return `label '${name}' given twice`;
    labels[name] = value;
    skipSpaces();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') return `',' or '}' expected after label '${name}'`;
  }
}

/** The failed checks of the file, in file order; throws DvoMetricsError for a bad DVO line. */
export function parseDvoMetrics(text: string): DvoSample[] {
  const samples: DvoSample[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const name = NAME.exec(line)?.[0];
    if (!name?.startsWith(DVO_METRIC_PREFIX)) {
      if (!name) throw new DvoMetricsError(`config/dvo_metrics line ${n + 1}: not a metric sample`);
      continue; // another metric: not ours to read
    }
    const bad = (why: string) => new DvoMetricsError(`config/dvo_metrics line ${n + 1}: ${why}`);
    const check = name.slice(DVO_METRIC_PREFIX.length).toLowerCase();
    if (!/^[a-z0-9_]+$/.test(check)) throw bad(`metric '${name}' names no check`);
    let labels: Record<string, string> = Object.create(null);
    let rest = line.slice(name.length);
    if (rest.startsWith('{')) {
      const read = readLabels(line, name.length);
      if (typeof read === 'string') throw bad(read);
      labels = read.labels;
      rest = line.slice(read.end);
    }
    const fields = rest.trim().split(/\s+/);
    if (fields.length < 1 || fields.length > 2 || fields[0] === '') throw bad('sample value expected after the labels');
    const value = Number(fields[0]);
    if (Number.isNaN(value) && fields[0] !== 'NaN') throw bad(`sample value '${fields[0]}' is not a number`);
    if (value === 0 || Number.isNaN(value)) continue; // the check passes for this workload
    const missing = REQUIRED_LABELS.filter((l) => !labels[l]);
    if (missing.length > 0) throw bad(`label(s) ${missing.join(', ')} missing or empty`);
    samples.push({ check, labels });
  }
  return samples;
}
