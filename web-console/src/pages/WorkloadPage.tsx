// One namespace of one cluster (DVO): each workload recommendation with its content and the objects it
// concerns, from v2 `namespaces/dvo/{namespace}/cluster/{cluster}`.
import { Breadcrumb, BreadcrumbItem, DescriptionList, PageSection, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { Link, useParams } from 'react-router';
import type { WorkloadDetailResponse } from '../api/types.ts';
import { ExpandableRow, useOpenRows } from '../components/ExpandableRow.tsx';
import { RiskLabel } from '../components/Risk.tsx';
import { Term } from '../components/Term.tsx';
import { ReasonAndResolution } from '../components/Text.tsx';
import { formatDate, riskName } from '../labels.ts';
import { DataState, useApi } from '../useApi.tsx';

export function WorkloadPage() {
  const { clusterId = '', namespaceId = '' } = useParams();
  const loaded = useApi((c) => c.workload(namespaceId, clusterId), [namespaceId, clusterId]);
  const name = loaded.state === 'ok' ? loaded.data.namespace.name || namespaceId : namespaceId;
  return (
    <>
      <PageSection>
        <Breadcrumb>
          <BreadcrumbItem render={() => <Link to="/workloads">Workloads</Link>} />
          <BreadcrumbItem isActive>{name}</BreadcrumbItem>
        </Breadcrumb>
      </PageSection>
      <DataState loaded={loaded} what="the namespace's recommendations">
        {(data) => <WorkloadDetail data={data} />}
      </DataState>
    </>
  );
}

function WorkloadDetail({ data }: { data: WorkloadDetailResponse }) {
  const open = useOpenRows();
  const recommendations = [...(data.recommendations ?? [])].sort(
    (a, b) => b.total_risk - a.total_risk || a.details.localeCompare(b.details),
  );
  const bySeverity = Object.entries(data.metadata.hits_by_severity ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => Number(b) - Number(a))
    .map(([sev, n]) => `${n} ${riskName(Number(sev))}`)
    .join(', ');
  return (
    <>
      <PageSection>
        <Title headingLevel="h2" size="2xl">
          Namespace {data.namespace.name || data.namespace.uuid}
        </Title>
        <DescriptionList isHorizontal isCompact columnModifier={{ default: '3Col' }} style={{ marginTop: '1rem' }}>
          <Term label="Cluster">
            <Link to={`/clusters/${data.cluster.uuid}`}>{data.cluster.display_name || data.cluster.uuid}</Link>
          </Term>
          <Term label="Namespace ID">{data.namespace.uuid}</Term>
          <Term label="Last checked">{formatDate(data.metadata.last_checked_at) || '—'}</Term>
          <Term label="Recommendations">{String(recommendations.length)}</Term>
          <Term label="Objects">{String(data.metadata.objects ?? 0)}</Term>
          <Term label="Objects by severity">{bySeverity || '—'}</Term>
        </DescriptionList>
      </PageSection>
      <PageSection>
        <Table aria-label="Workload recommendations" variant="compact">
          <Thead>
            <Tr>
              <Th screenReaderText="Details" />
              <Th>Description</Th>
              <Th>Total risk</Th>
              <Th>Objects</Th>
              <Th>Modified</Th>
            </Tr>
          </Thead>
          {recommendations.map((r, rowIndex) => {
            const objects = r.objects ?? [];
            return (
              <ExpandableRow
                key={r.check}
                id={r.check}
                rowIndex={rowIndex}
                expandId="dvo"
                open={open}
                colSpan={5}
                details={
                  <>
                    <ReasonAndResolution rule={r} />
                    <Table aria-label={`Objects: ${r.details}`} variant="compact" borders={false}>
                      <Thead>
                        <Tr>
                          <Th>Kind</Th>
                          <Th>Name</Th>
                          <Th>UID</Th>
                        </Tr>
                      </Thead>
                      <Tbody>
                        {objects.map((o) => (
                          <Tr key={o.uid}>
                            <Td dataLabel="Kind">{o.kind}</Td>
                            <Td dataLabel="Name">{o.display_name}</Td>
                            <Td dataLabel="UID">
                              <code>{o.uid}</code>
                            </Td>
                          </Tr>
                        ))}
                      </Tbody>
                    </Table>
                  </>
                }
              >
                <Td dataLabel="Description">{r.details}</Td>
                <Td dataLabel="Total risk">
                  <RiskLabel risk={r.total_risk} />
                </Td>
                <Td dataLabel="Objects">{objects.length}</Td>
                <Td dataLabel="Modified">{formatDate(r.modified) || '—'}</Td>
              </ExpandableRow>
            );
          })}
        </Table>
      </PageSection>
    </>
  );
}
