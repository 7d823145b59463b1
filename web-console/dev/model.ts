// The dev data server's model: the smart proxy's answers (spec 2.8, V1-16) computed from repo-owned fixtures
// with in-memory user data (acks, per-cluster disables, votes, ratings). It follows the contract's rules for
// the parts the console reads: acked and disabled rules leave counts and reports, managed clusters count only
// `osd_customer` rules, `hits_by_total_risk` is pre-filled with every severity.
import { readFileSync } from 'node:fs';
import type {
  Ack,
  ClusterListItem,
  DisabledCluster,
  GatheringRequest,
  Group,
  ImpactedCluster,
  RecommendationDetail,
  RecommendationListItem,
  ReportRule,
} from '../src/api/types.ts';

export interface FixtureRule {
  rule_id: string;
  description: string;
  generic: string;
  reason: string;
  resolution: string;
  more_info: string;
  total_risk: number;
  impact: number;
  likelihood: number;
  resolution_risk: number;
  publish_date: string;
  tags: string[];
  osd_customer: boolean;
}

export interface FixtureHit {
  rule_id: string;
  impacted: string;
  extra_data: Record<string, unknown>;
}

export interface FixtureCluster {
  cluster_id: string;
  cluster_name: string;
  managed: boolean;
  cluster_version?: string;
  last_checked_at?: string;
  gathered_at?: string;
  hits: FixtureHit[];
}

export interface Fixtures {
  groups: Group[];
  rules: FixtureRule[];
  org_id: string;
  clusters: FixtureCluster[];
  requests: Record<string, GatheringRequest[]>;
}

export function loadFixtures(dir = new URL('./fixtures/', import.meta.url)): Fixtures {
  const read = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
  const content = read('content.json');
  const clusters = read('clusters.json');
  return {
    groups: content.groups,
    rules: content.rules,
    org_id: clusters.org_id,
    clusters: clusters.clusters,
    requests: clusters.requests,
  };
}

interface Disable {
  disabled_at: string;
  feedback: string;
}

/** `404 Item with ID … was not found in the storage`-like outcomes are returned as `undefined`. */
export class ProxyModel {
  readonly acks = new Map<string, Ack>();
  /** key `cluster|rule_id` */
  readonly disables = new Map<string, Disable>();
  readonly votes = new Map<string, number>();
  readonly ratings = new Map<string, number>();
  private readonly rules: Map<string, FixtureRule>;

  constructor(readonly fx: Fixtures) {
    this.rules = new Map(fx.rules.map((r) => [r.rule_id, r]));
  }

  rule(ruleId: string): FixtureRule | undefined {
    return this.rules.get(ruleId);
  }

  cluster(id: string): FixtureCluster | undefined {
    return this.fx.clusters.find((c) => c.cluster_id === id);
  }

  private severities(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.fx.rules) out[String(r.total_risk)] = 0;
    return out;
  }

  private disabledFor(cluster: string, ruleId: string): boolean {
    return this.disables.has(`${cluster}|${ruleId}`);
  }

  /** V2-3 */
  clusterList(): ClusterListItem[] {
    return this.fx.clusters.map((c) => {
      const item: ClusterListItem = {
        cluster_id: c.cluster_id,
        cluster_name: c.cluster_name,
        managed: c.managed,
        total_hit_count: 0,
        hits_by_total_risk: this.severities(),
      };
      if (c.last_checked_at === undefined) return item;
      item.last_checked_at = c.last_checked_at;
      item.cluster_version = c.cluster_version ?? '';
      for (const hit of c.hits) {
        const rule = this.rules.get(hit.rule_id);
        if (!rule || this.acks.has(hit.rule_id) || this.disabledFor(c.cluster_id, hit.rule_id)) continue;
        if (c.managed && !rule.osd_customer) continue;
        const sev = String(rule.total_risk);
        item.hits_by_total_risk[sev] = (item.hits_by_total_risk[sev] ?? 0) + 1;
        item.total_hit_count++;
      }
      return item;
    });
  }

  /** V2-4 */
  recommendationList(impacting?: boolean): RecommendationListItem[] {
    const hitting = new Set(this.fx.clusters.flatMap((c) => c.hits.map((h) => h.rule_id)));
    const out: RecommendationListItem[] = [];
    for (const rule of this.fx.rules) {
      if (impacting === true && !hitting.has(rule.rule_id)) continue;
      if (impacting === false && hitting.has(rule.rule_id)) continue;
      const count = this.fx.clusters.filter(
        (c) =>
          c.hits.some((h) => h.rule_id === rule.rule_id) &&
          !this.disabledFor(c.cluster_id, rule.rule_id) &&
          (rule.osd_customer || !c.managed),
      ).length;
      out.push({
        rule_id: rule.rule_id,
        description: rule.description,
        generic: rule.generic,
        publish_date: rule.publish_date,
        total_risk: rule.total_risk,
        resolution_risk: rule.resolution_risk,
        impact: rule.impact,
        likelihood: rule.likelihood,
        tags: rule.tags,
        disabled: this.acks.has(rule.rule_id),
        impacted_clusters_count: count,
      });
    }
    return out;
  }

  /** V2-6 */
  recommendation(ruleId: string): RecommendationDetail | undefined {
    const r = this.rules.get(ruleId);
    if (!r) return undefined;
    return {
      rule_id: r.rule_id,
      description: r.description,
      generic: r.generic,
      reason: r.reason,
      resolution: r.resolution,
      more_info: r.more_info,
      total_risk: r.total_risk,
      impact: r.impact,
      likelihood: r.likelihood,
      publish_date: r.publish_date,
      tags: r.tags,
      rating: this.ratings.get(ruleId) ?? 0,
      hosts_acked_count: 0,
      disabled: this.acks.has(ruleId),
      resolution_risk: r.resolution_risk,
    };
  }

  /** V2-7 */
  clustersDetail(ruleId: string): { enabled: ImpactedCluster[]; disabled: DisabledCluster[] } | undefined {
    const rule = this.rules.get(ruleId);
    if (!rule) return undefined;
    const enabled: ImpactedCluster[] = [];
    const disabled: DisabledCluster[] = [];
    for (const c of this.fx.clusters) {
      if (c.managed && !rule.osd_customer) continue;
      const d = this.disables.get(`${c.cluster_id}|${ruleId}`);
      if (d) {
        disabled.push({ cluster_id: c.cluster_id, cluster_name: c.cluster_name, disabled_at: d.disabled_at, justification: d.feedback });
        continue;
      }
      const hit = c.hits.find((h) => h.rule_id === ruleId);
      if (!hit) continue;
      enabled.push({
        cluster: c.cluster_id,
        cluster_name: c.cluster_name,
        last_checked_at: c.last_checked_at ?? '',
        impacted: hit.impacted,
        meta: { cluster_version: c.cluster_version ?? '' },
      });
    }
    const ack = this.acks.get(ruleId);
    if (!ack) return { enabled, disabled };
    const moved = enabled.map((e) => ({
      cluster_id: e.cluster,
      cluster_name: e.cluster_name,
      disabled_at: ack.created_at,
      justification: ack.justification,
    }));
    return { enabled: [], disabled: [...disabled, ...moved] };
  }

  /** V2-1 (data and meta); undefined for a cluster the aggregator never saw. */
  report(clusterId: string, getDisabled: boolean) {
    const c = this.cluster(clusterId);
    if (!c || c.last_checked_at === undefined) return undefined;
    const data: ReportRule[] = [];
    for (const hit of c.hits) {
      const rule = this.rules.get(hit.rule_id);
      if (!rule) continue;
      const disable = this.disables.get(`${clusterId}|${hit.rule_id}`);
      const acked = this.acks.has(hit.rule_id);
      if ((disable || acked) && !getDisabled) continue;
      if (c.managed && !rule.osd_customer) continue;
      const [module, errorKey] = hit.rule_id.split('|');
      data.push({
        rule_id: `${module}.report`,
        created_at: rule.publish_date,
        description: rule.description,
        details: rule.generic,
        reason: rule.reason,
        resolution: rule.resolution,
        more_info: rule.more_info,
        total_risk: rule.total_risk,
        disabled: disable !== undefined,
        disable_feedback: disable?.feedback ?? '',
        disabled_at: disable?.disabled_at ?? '',
        internal: false,
        user_vote: this.votes.get(`${clusterId}|${hit.rule_id}`) ?? 0,
        extra_data: { ...hit.extra_data, error_key: errorKey, type: 'rule' },
        tags: rule.tags,
        impacted: hit.impacted,
      });
    }
    return {
      meta: {
        cluster_name: c.cluster_name,
        managed: c.managed,
        count: data.length,
        last_checked_at: c.last_checked_at,
        gathered_at: c.gathered_at ?? c.last_checked_at,
      },
      data,
    };
  }

  /** V1-16 toggles and votes (the aggregator's effect). */
  clusterRule(clusterId: string, ruleId: string, action: string, now = new Date()): boolean {
    if (!this.cluster(clusterId) || !this.rules.has(ruleId)) return false;
    const key = `${clusterId}|${ruleId}`;
    if (action === 'disable') this.disables.set(key, { disabled_at: now.toISOString().replace(/\.\d+Z$/, 'Z'), feedback: '' });
    else if (action === 'enable') this.disables.delete(key);
    else if (action === 'like') this.votes.set(key, 1);
    else if (action === 'dislike') this.votes.set(key, -1);
    else if (action === 'reset_vote') this.votes.set(key, 0);
    else return false;
    return true;
  }

  disableFeedback(clusterId: string, ruleId: string, message: string): boolean {
    const d = this.disables.get(`${clusterId}|${ruleId}`);
    if (!d) return false;
    d.feedback = message;
    return true;
  }

  addAck(ruleId: string, justification: string, userId: string, now = new Date()): { ack: Ack; created: boolean } {
    const existing = this.acks.get(ruleId);
    if (existing) return { ack: existing, created: false };
    const at = now.toISOString().replace(/\.\d+Z$/, 'Z');
    const ack: Ack = { rule: ruleId, justification, created_by: userId, created_at: at, updated_at: at };
    this.acks.set(ruleId, ack);
    return { ack, created: true };
  }
}
