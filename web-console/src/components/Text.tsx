// Rule texts (Markdown written by rule authors) rendered as React elements, never as HTML: paragraphs, line
// breaks, **bold**, `code` and [links](https://…) (http/https only).
import { Title } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { renderTemplate } from '../template.ts';

const INLINE = /\*\*([^*]+)\*\*|`([^`]+)`|\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g;

function inline(text: string, keyBase: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const key = `${keyBase}-${m.index}`;
    if (m[1] !== undefined) out.push(<strong key={key}>{m[1]}</strong>);
    else if (m[2] !== undefined) out.push(<code key={key}>{m[2]}</code>);
    else
      out.push(
        <a key={key} href={m[4]} target="_blank" rel="noreferrer">
          {m[3]}
        </a>,
      );
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function RuleText({ text, className }: { text: string | null | undefined; className?: string }) {
  const paragraphs = (text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (paragraphs.length === 0) return null;
  return (
    <div className={className}>
      {paragraphs.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a fixed text
        <p key={i} style={{ whiteSpace: 'pre-line', marginBottom: '0.5rem' }}>
          {inline(p, String(i))}
        </p>
      ))}
    </div>
  );
}

/** A rule's reason and resolution (templates filled from its extra data) under their headings, then its more info. */
export function ReasonAndResolution({
  rule,
}: {
  rule: { reason: string; resolution: string; more_info: string; extra_data: Record<string, unknown> | null | undefined };
}) {
  return (
    <>
      <Title headingLevel="h4">Reason</Title>
      <RuleText text={renderTemplate(rule.reason, rule.extra_data)} />
      <Title headingLevel="h4">Resolution</Title>
      <RuleText text={renderTemplate(rule.resolution, rule.extra_data)} />
      <RuleText text={rule.more_info} />
    </>
  );
}
