/**
 * The Deployment Validation Operator checks the repository's content describes (`content/external/dvo/<check>/`:
 * the operator's default checks and those seen in real archives). Shared by the rules pipeline (what it
 * publishes has text for these; other checks are published as well, the consoles then have no text for
 * them) and the launcher's demo fleet (every one of them fails somewhere).
 */
export const DVO_CHECKS_WITH_CONTENT = [
  'dnsconfig_options',
  'minimum_three_replicas',
  'no_anti_affinity',
  'no_liveness_probe',
  'no_node_affinity',
  'no_read_only_root_fs',
  'no_readiness_probe',
  'required_annotation_email',
  'required_label_owner',
  'run_as_non_root',
  'unset_cpu_requirements',
  'unset_memory_requirements',
] as const;
