// Names the console shows for the proxy's numbers and tags (as the Advisor UI does).

export const RISK_NAMES: Record<number, string> = { 1: 'Low', 2: 'Moderate', 3: 'Important', 4: 'Critical' };
export const RISK_COLORS: Record<number, 'blue' | 'yellow' | 'orange' | 'red'> = { 1: 'blue', 2: 'yellow', 3: 'orange', 4: 'red' };

export function riskName(risk: number): string {
  return RISK_NAMES[risk] ?? `Risk ${risk}`;
}

/**
 * Categories by tag. The UI's tag is `best_practice`; upstream's groups_config.yaml says `best_practices`
 * (spec Part 7 point 13): both map to the same category. A rule without a category tag has none.
 */
export const CATEGORIES: { id: string; name: string; tags: string[] }[] = [
  { id: 'service_availability', name: 'Service Availability', tags: ['service_availability'] },
  { id: 'performance', name: 'Performance', tags: ['performance'] },
  { id: 'fault_tolerance', name: 'Fault Tolerance', tags: ['fault_tolerance'] },
  { id: 'security', name: 'Security', tags: ['security'] },
  { id: 'best_practice', name: 'Best Practice', tags: ['best_practice', 'best_practices'] },
];

export function categoriesOf(tags: readonly string[] | null | undefined): { id: string; name: string }[] {
  const set = new Set(tags ?? []);
  return CATEGORIES.filter((c) => c.tags.some((t) => set.has(t))).map(({ id, name }) => ({ id, name }));
}

/** `2026-11-30T10:11:12Z` as a short UTC date and time; '' for empty or unparsable values. */
export function formatDate(value: string | undefined | null): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() <= 1) return '';
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
