import { Label, LabelGroup } from '@patternfly/react-core';
import { categoriesOf, RISK_COLORS, riskName } from '../labels.ts';

export function RiskLabel({ risk }: { risk: number }) {
  return <Label color={RISK_COLORS[risk] ?? 'grey'}>{riskName(risk)}</Label>;
}

export function CategoryLabels({ tags }: { tags: readonly string[] | null | undefined }) {
  const categories = categoriesOf(tags);
  if (categories.length === 0) return <span>—</span>;
  return (
    <LabelGroup numLabels={3}>
      {categories.map((c) => (
        <Label key={c.id} variant="outline">
          {c.name}
        </Label>
      ))}
    </LabelGroup>
  );
}
