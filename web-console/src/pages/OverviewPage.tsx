// The overview: how many clusters report, how many recommendations affect them, and a chart of the hits
// (a recommendation on a cluster) by total risk, from v2 `clusters` and `rule`. Refreshed in the background.
import { Card, CardBody, CardTitle, Content, Gallery, PageSection, Title } from '@patternfly/react-core';
import { Link } from 'react-router';
import { RiskChart } from '../components/RiskChart.tsx';
import { hitsByRisk } from '../filters.ts';
import { DataState, useApi } from '../useApi.tsx';

export function OverviewPage() {
  const clusters = useApi((c) => c.clusters(), [], { refresh: true });
  const rules = useApi((c) => c.recommendations(true), [], { refresh: true });
  return (
    <>
      <PageSection>
        <Title headingLevel="h2" size="2xl">
          Overview
        </Title>
        <Content component="p">
          Your clusters at a glance. <Link to="/upload">Upload an archive</Link> to see a cluster's recommendations here.
        </Content>
      </PageSection>
      <PageSection>
        <Gallery hasGutter minWidths={{ default: '320px' }}>
          <Card>
            <CardTitle>
              <Title headingLevel="h3">Clusters</Title>
            </CardTitle>
            <CardBody>
              <DataState loaded={clusters} what="clusters">
                {(data) => {
                  const list = data.data ?? [];
                  const reporting = list.filter((c) => c.last_checked_at).length;
                  const hit = list.filter((c) => c.total_hit_count > 0).length;
                  return (
                    <>
                      <p>
                        <Link to="/clusters">
                          <strong data-testid="cluster-count">{list.length}</strong> clusters
                        </Link>
                        , {reporting} with Insights data, {hit} with recommendations.
                      </p>
                      <div style={{ marginTop: '1rem' }}>
                        <RiskChart
                          title="Hits by total risk"
                          counts={hitsByRisk(list)}
                          unit="hits"
                          linkTo={(risk) => `/clusters?total_risk=${risk}`}
                        />
                      </div>
                    </>
                  );
                }}
              </DataState>
            </CardBody>
          </Card>
          <Card>
            <CardTitle>
              <Title headingLevel="h3">Recommendations</Title>
            </CardTitle>
            <CardBody>
              <DataState loaded={rules} what="recommendations">
                {(data) => {
                  const list = (data.recommendations ?? []).filter((r) => !r.disabled);
                  const counts: Record<number, number> = { 4: 0, 3: 0, 2: 0, 1: 0 };
                  for (const r of list) counts[r.total_risk] = (counts[r.total_risk] ?? 0) + 1;
                  return (
                    <>
                      <p>
                        <Link to="/recommendations">
                          <strong data-testid="recommendation-count">{list.length}</strong> recommendations
                        </Link>{' '}
                        affect your clusters.
                      </p>
                      <div style={{ marginTop: '1rem' }}>
                        <RiskChart
                          title="Recommendations by total risk"
                          counts={counts}
                          unit="recommendations"
                          linkTo={(risk) => `/recommendations?total_risk=${risk}`}
                        />
                      </div>
                    </>
                  );
                }}
              </DataState>
            </CardBody>
          </Card>
        </Gallery>
      </PageSection>
    </>
  );
}
