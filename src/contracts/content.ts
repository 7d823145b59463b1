/**
 * The content service's wire (spec Part 1, 1.5-1.7 with Part 7): what it serves and what the smart proxy
 * (and the consoles) consume.
 *
 * - `GET {prefix}content` answers Go `encoding/gob` of `RuleContentDirectory` (Part 7 point 3). The Go types
 *   on that wire are `RULE_CONTENT_DIRECTORY_GOB` below: exactly the field set of the Go-made corpus file
 *   (`content-gob/test_content_gob`), which has no `ResolutionRisk` anywhere, so gob does not carry the
 *   resolution risks. With `Accept: application/json` the same tree comes as JSON in the shape of
 *   upstream's `print-rules` (`RuleContentDirectory` below, JSON tag names), resolution risks included.
 * - `GET {prefix}groups`, `{prefix}status`, `{prefix}info` answer JSON (`GroupsResponse`, ...).
 *
 * The gob descriptors are plain data in the form of `#common/go/gob` types (this folder imports nothing).
 */

/** `plugin.yaml` (JSON tags of Go's RulePluginInfo). */
export interface RulePluginInfo {
  name: string;
  node_id: string;
  product_code: string;
  python_module: string;
}

/** `{name, impact}`: the impact name of `metadata.yaml` and its value from `config.yaml`. */
export interface RuleImpact {
  name: string;
  impact: number;
}

/** `<ERROR_KEY>/metadata.yaml`. */
export interface ErrorKeyMetadata {
  /** The recommendation title. */
  description: string;
  impact: RuleImpact;
  likelihood: number;
  /** As written ('2020-04-08 00:42:00' or RFC 3339); the proxy parses it. */
  publish_date: string;
  /** The value of the resolution-risk name in `config.yaml` (0 when unknown). JSON only: not on the gob wire. */
  resolution_risk: number;
  /** `active` / `inactive`, not validated by the content service. */
  status: string;
  tags: string[];
}

/** The Markdown texts, after the plugin-level fill-in when they belong to an error key. */
export interface RuleTexts {
  generic: string;
  summary: string;
  resolution: string;
  more_info: string;
  reason: string;
  /** Always true (upstream's DONTFIX until CCXDEV-5021). */
  HasReason: boolean;
}

export interface RuleErrorKeyContent extends RuleTexts {
  metadata: ErrorKeyMetadata;
  /** Always 0 from the content service: the smart proxy computes it. */
  total_risk: number;
}

export interface RuleContent extends RuleTexts {
  plugin: RulePluginInfo;
  error_keys: Record<string, RuleErrorKeyContent>;
}

/** `config.yaml`'s two dictionaries. */
export interface GlobalRuleConfig {
  impact: Record<string, number>;
  /** JSON only: not on the gob wire. */
  resolution_risk: Record<string, number>;
}

/** The whole parsed tree, keyed by rule directory name (JSON keys `Config`, `Rules`: the Go struct has no tags). */
export interface RuleContentDirectory {
  Config: GlobalRuleConfig;
  Rules: Record<string, RuleContent>;
}

/** One group of `groups_config.yaml` as served. */
export interface ContentGroup {
  title: string;
  description: string;
  tags: string[];
}

export interface GroupsResponse {
  groups: ContentGroup[];
  status: 'ok';
}

/** The error text of a rule left out for a missing mandatory text or a bad error-key name (spec 1.4). */
export const MISSING_MANDATORY_ATTRIBUTES = 'some of the error keys are missing mandatory attributes';

export interface RuleParseStatus {
  type: 'external' | 'internal';
  loaded: boolean;
  /** '' when loaded. */
  error: string;
}

export interface StatusResponse {
  rules: Record<string, RuleParseStatus>;
  status: 'ok';
}

export interface ContentInfo {
  BuildVersion: string;
  BuildTime: string;
  BuildBranch: string;
  BuildCommit: string;
  UtilsVersion: string;
  OCPRulesVersion: string;
}

export interface InfoResponse {
  info: ContentInfo;
  status: 'ok';
}

/** The media type of the JSON form of `{prefix}content` (asked for with `Accept`). */
export const CONTENT_JSON_MEDIA_TYPE = 'application/json';

// ---- The gob wire: Go's types, in the form `#common/go/gob` reads (struct names as upstream's Go). ----

const STRING = 'string' as const;
const INT = 'int' as const;
const BOOL = 'bool' as const;

const TEXT_FIELDS = [
  { name: 'Generic', type: STRING },
  { name: 'Summary', type: STRING },
  { name: 'Resolution', type: STRING },
  { name: 'MoreInfo', type: STRING },
  { name: 'Reason', type: STRING },
  { name: 'HasReason', type: BOOL },
] as const;

const RULE_ERROR_KEY_CONTENT_GOB = {
  kind: 'struct',
  name: 'RuleErrorKeyContent',
  fields: [
    {
      name: 'Metadata',
      type: {
        kind: 'struct',
        name: 'ErrorKeyMetadata',
        fields: [
          { name: 'Description', type: STRING },
          {
            name: 'Impact',
            type: {
              kind: 'struct',
              name: 'Impact',
              fields: [
                { name: 'Name', type: STRING },
                { name: 'Impact', type: INT },
              ],
            },
          },
          { name: 'Likelihood', type: INT },
          { name: 'PublishDate', type: STRING },
          { name: 'Status', type: STRING },
          { name: 'Tags', type: { kind: 'slice', name: '[]string', elem: STRING } },
        ],
      },
    },
    { name: 'TotalRisk', type: INT },
    ...TEXT_FIELDS,
  ],
} as const;

const RULE_CONTENT_GOB = {
  kind: 'struct',
  name: 'RuleContent',
  fields: [
    {
      name: 'Plugin',
      type: {
        kind: 'struct',
        name: 'RulePluginInfo',
        fields: [
          { name: 'Name', type: STRING },
          { name: 'NodeID', type: STRING },
          { name: 'ProductCode', type: STRING },
          { name: 'PythonModule', type: STRING },
        ],
      },
    },
    {
      name: 'ErrorKeys',
      type: { kind: 'map', name: 'map[string]types.RuleErrorKeyContent', key: STRING, elem: RULE_ERROR_KEY_CONTENT_GOB },
    },
    ...TEXT_FIELDS,
  ],
} as const;

/** Go's `types.RuleContentDirectory` as gob describes it (a `#common/go/gob` GobType). */
export const RULE_CONTENT_DIRECTORY_GOB = {
  kind: 'struct',
  name: 'RuleContentDirectory',
  fields: [
    {
      name: 'Config',
      type: {
        kind: 'struct',
        name: 'GlobalRuleConfig',
        fields: [{ name: 'Impact', type: { kind: 'map', name: 'map[string]int', key: STRING, elem: INT } }],
      },
    },
    { name: 'Rules', type: { kind: 'map', name: 'map[string]types.RuleContent', key: STRING, elem: RULE_CONTENT_GOB } },
  ],
} as const;

// ---- JSON shape <-> gob value (Go field names; maps as Map, entries in sorted key order when encoding). ----

type GobObject = Record<string, unknown>;

const sortedMap = <V, W>(record: Record<string, V>, f: (v: V) => W): Map<string, W> =>
  new Map(
    Object.keys(record)
      .sort()
      .map((k) => [k, f(record[k]!)]),
  );

const textsToGob = (t: RuleTexts): GobObject => ({
  Generic: t.generic,
  Summary: t.summary,
  Resolution: t.resolution,
  MoreInfo: t.more_info,
  Reason: t.reason,
  HasReason: t.HasReason,
});

/** The gob value (Go field names) of a content tree, for `encodeGob(RULE_CONTENT_DIRECTORY_GOB, ...)`. */
export function contentToGobValue(dir: RuleContentDirectory): GobObject {
  return {
    Config: { Impact: sortedMap(dir.Config.impact, (v) => v) },
    Rules: sortedMap(dir.Rules, (rule) => ({
      Plugin: {
        Name: rule.plugin.name,
        NodeID: rule.plugin.node_id,
        ProductCode: rule.plugin.product_code,
        PythonModule: rule.plugin.python_module,
      },
      ErrorKeys: sortedMap(rule.error_keys, (ek) => ({
        Metadata: {
          Description: ek.metadata.description,
          Impact: { Name: ek.metadata.impact.name, Impact: ek.metadata.impact.impact },
          Likelihood: ek.metadata.likelihood,
          PublishDate: ek.metadata.publish_date,
          Status: ek.metadata.status,
          Tags: ek.metadata.tags,
        },
        TotalRisk: ek.total_risk,
        ...textsToGob(ek),
      })),
      ...textsToGob(rule),
    })),
  };
}

const entries = (v: unknown): [string, unknown][] =>
  v instanceof Map ? [...v.entries()] : Object.entries((v as Record<string, unknown> | undefined) ?? {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): number => (typeof v === 'number' ? v : 0);
const obj = (v: unknown): GobObject => (typeof v === 'object' && v !== null ? (v as GobObject) : {});

const textsFromGob = (g: GobObject): RuleTexts => ({
  generic: str(g.Generic),
  summary: str(g.Summary),
  resolution: str(g.Resolution),
  more_info: str(g.MoreInfo),
  reason: str(g.Reason),
  HasReason: g.HasReason === true,
});

/**
 * The JSON shape of a decoded gob `RuleContentDirectory` (as Go decodes it: missing fields are zero). The
 * resolution risks are not on the gob wire: `resolution_risk` comes out as `{}` and 0.
 */
export function contentFromGobValue(value: unknown): RuleContentDirectory {
  const root = obj(value);
  const impact: Record<string, number> = {};
  for (const [k, v] of entries(obj(root.Config).Impact)) impact[k] = int(v);
  const rules: Record<string, RuleContent> = {};
  for (const [name, r] of entries(root.Rules)) {
    const rule = obj(r);
    const plugin = obj(rule.Plugin);
    const errorKeys: Record<string, RuleErrorKeyContent> = {};
    for (const [key, e] of entries(rule.ErrorKeys)) {
      const ek = obj(e);
      const md = obj(ek.Metadata);
      const im = obj(md.Impact);
      errorKeys[key] = {
        metadata: {
          description: str(md.Description),
          impact: { name: str(im.Name), impact: int(im.Impact) },
          likelihood: int(md.Likelihood),
          publish_date: str(md.PublishDate),
          resolution_risk: 0,
          status: str(md.Status),
          tags: Array.isArray(md.Tags) ? md.Tags.map(str) : [],
        },
        total_risk: int(ek.TotalRisk),
        ...textsFromGob(ek),
      };
    }
    rules[name] = {
      plugin: {
        name: str(plugin.Name),
        node_id: str(plugin.NodeID),
        product_code: str(plugin.ProductCode),
        python_module: str(plugin.PythonModule),
      },
      error_keys: errorKeys,
      ...textsFromGob(rule),
    };
  }
  return { Config: { impact, resolution_risk: {} }, Rules: rules };
}
