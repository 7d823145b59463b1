/**
 * What a rule is (spec 4, insights-core's model): a small module that declares the parsers it needs and
 * returns a hit (`make_fail`), a pass, an info item, or nothing. Missing requirements make it a skip.
 */
import type { Archive, Parser } from './archive.js';

export type Links = Record<string, string[]>;

export type RuleResult =
  | { type: 'rule'; key: string; details: Record<string, unknown>; links?: Links }
  | { type: 'pass'; key: string; details?: Record<string, unknown> }
  | { type: 'info'; key: string; details: Record<string, string>; links?: Links };

export interface Rule {
  /** The module path without `.report`, e.g. `ccx_rules_ocp.external.rules.nodes_requirements_check`. */
  module: string;
  /** Every error/info key the rule can emit (the content tree must describe each one). */
  keys: readonly string[];
  /** All of these must be present. */
  requires: readonly Parser<unknown>[];
  /** The rule itself; `get` returns the parsed requirements (never undefined for declared ones). */
  run(archive: Archive): RuleResult | null;
}

/** Reads a declared requirement inside `run` (its presence was checked by the engine). */
export function need<T>(archive: Archive, parser: Parser<T>): T {
  const value = archive.get(parser);
  if (value === undefined) throw new Error(`requirement ${parser.name} is missing`);
  return value;
}
