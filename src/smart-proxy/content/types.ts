/**
 * The content service's `RuleContentDirectory` in its JSON form (spec 1.5): what the content client hands
 * to the store, whichever encoding (gob or JSON) carried it.
 */
export interface ErrorKeyMetadata {
  description: string;
  impact: { name: string; impact: number };
  likelihood: number;
  publish_date: string;
  resolution_risk: number;
  status: string;
  tags: string[] | null;
}

export interface RuleErrorKeyContent {
  metadata: ErrorKeyMetadata;
  total_risk: number;
  generic: string;
  summary: string;
  resolution: string;
  more_info: string;
  reason: string;
  HasReason: boolean;
}

export interface RuleContent {
  plugin: { name: string; node_id: string; product_code: string; python_module: string };
  error_keys: Record<string, RuleErrorKeyContent>;
  generic: string;
  summary: string;
  resolution: string;
  more_info: string;
  reason: string;
  HasReason: boolean;
}

export interface RuleContentDirectory {
  Config: { impact: Record<string, number>; resolution_risk: Record<string, number> };
  Rules: Record<string, RuleContent>;
}

export interface Group {
  title: string;
  description: string;
  tags: string[];
}
