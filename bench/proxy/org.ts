/** The bench's organisations and cluster IDs (stack.ts, ams-process.ts). */
export const ORG = 1;

export const cluster = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

/** Organisation `org`'s cluster IDs (org 1's are cluster(1..n), the next organisation's follow). */
export const benchOrgClusters = (org: number, clusters: number) =>
  Array.from({ length: clusters }, (_, i) => cluster((org - ORG) * clusters + i + 1));
