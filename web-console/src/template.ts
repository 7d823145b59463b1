// The part of doT templates the console renders: interpolations `{{=it.a.b}}` (and `{{=it["a"]}}`) of a
// rule's reason and resolution, filled from the hit's `extra_data`. Other doT blocks (conditionals, loops,
// evaluation) are not executed: their tags are removed and their text is kept. No code is evaluated.

function lookup(data: unknown, path: string[]): unknown {
  let value: unknown = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const INTERPOLATION = /\{\{[=!]\s*it((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"]*"|'[^']*'|\d+)\s*\])*)\s*\}\}/g;
const PATH_PART = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"]*)"|'([^']*)'|(\d+))\s*\]/g;

export function renderTemplate(template: string, data: Record<string, unknown> | null | undefined): string {
  const filled = template.replace(INTERPOLATION, (_m, path: string) => {
    const parts = [...path.matchAll(PATH_PART)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
    const value = lookup(data ?? {}, parts);
    if (value === undefined || value === null) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
  return filled.replace(/\{\{[^}]*\}\}/g, '');
}
