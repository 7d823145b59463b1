// A bar chart of counts by total risk, in HTML and CSS (no chart library): a list whose items are read as
// "Critical: 3 hits" by screen readers, each a link to the list filtered by that risk; the bars are decoration.
import { Link } from 'react-router';
import { riskName } from '../labels.ts';

const BAR_COLORS: Record<number, string> = {
  4: 'var(--pf-t--global--icon--color--severity--critical--default)',
  3: 'var(--pf-t--global--icon--color--severity--important--default)',
  2: 'var(--pf-t--global--icon--color--severity--moderate--default)',
  1: 'var(--pf-t--global--color--brand--default)',
};

export function RiskChart(props: { title: string; counts: Record<number, number>; unit: string; linkTo: (risk: number) => string }) {
  const risks = [4, 3, 2, 1];
  const max = Math.max(1, ...risks.map((r) => props.counts[r] ?? 0));
  const id = `chart-${props.title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <figure aria-labelledby={id} style={{ margin: 0 }}>
      <figcaption id={id} style={{ fontWeight: 'bold', marginBottom: '0.5rem' }}>
        {props.title}
      </figcaption>
      <ul aria-labelledby={id} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {risks.map((risk) => {
          const n = props.counts[risk] ?? 0;
          return (
            <li
              key={risk}
              style={{ display: 'grid', gridTemplateColumns: '7rem 1fr 3rem', alignItems: 'center', gap: '0.5rem', margin: '0.35rem 0' }}
            >
              <Link to={props.linkTo(risk)} aria-label={`${riskName(risk)}: ${n} ${props.unit}`}>
                {riskName(risk)}
              </Link>
              <span
                aria-hidden="true"
                style={{ background: 'var(--pf-t--global--background--color--secondary--default)', height: '1.25rem', borderRadius: 3 }}
              >
                <span
                  data-risk={risk}
                  style={{
                    display: 'block',
                    height: '100%',
                    width: `${(100 * n) / max}%`,
                    minWidth: n > 0 ? 4 : 0,
                    background: BAR_COLORS[risk],
                    borderRadius: 3,
                  }}
                />
              </span>
              <span aria-hidden="true" style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
                {n}
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
