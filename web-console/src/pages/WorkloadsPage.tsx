// Workloads (DVO): the organisation's namespaces with workload recommendations, from v2 `namespaces/dvo`.
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { Link } from 'react-router';
import type { Workload } from '../api/types.ts';
import { type Column, FilterToolbar, ListPage, NoMatchRow, riskOptions, SortHeader, useUrlState } from '../components/ListView.tsx';
import { RiskLabel } from '../components/Risk.tsx';
import { filterWorkloads, type WorkloadFilters, workloadFilters } from '../filters.ts';
import { formatDate, riskName } from '../labels.ts';
import { useApi } from '../useApi.tsx';

const COLUMNS: Column<WorkloadFilters['sort']>[] = [
  { key: 'namespace', label: 'Namespace' },
  { key: 'cluster', label: 'Cluster' },
  { key: 'recommendations', label: 'Recommendations' },
  { key: 'objects', label: 'Objects' },
  { key: 'highest_severity', label: 'Highest severity' },
  { key: 'last_checked_at', label: 'Last seen' },
];

export function workloadPath(w: { cluster: { uuid: string }; namespace: { uuid: string } }): string {
  return `/workloads/${encodeURIComponent(w.cluster.uuid)}/${encodeURIComponent(w.namespace.uuid)}`;
}

export function WorkloadsPage() {
  const [params, set] = useUrlState();
  const filters = workloadFilters(params);
  const loaded = useApi((c) => c.workloads(), [], { refresh: true });
  const toolbar = (
    <FilterToolbar
      label="Filter workloads"
      text={filters.text}
      onText={(text) => set({ text })}
      selects={[
        {
          label: 'Highest severity',
          value: filters.severity === undefined ? '' : String(filters.severity),
          options: riskOptions('Any severity', riskName),
          onChange: (v) => set({ severity: v }),
        },
      ]}
    />
  );
  return (
    <ListPage
      title="Workloads"
      intro="Namespaces whose workloads (deployments, pods, …) have recommendations from the Deployment Validation Operator's checks."
      toolbar={toolbar}
      loaded={loaded}
      what="workloads"
    >
      {(data) => {
        const items = filterWorkloads(data.workloads ?? [], filters);
        return (
          <Table aria-label="Workloads" variant="compact">
            <SortHeader columns={COLUMNS} sort={filters.sort} dir={filters.dir} onSort={(sort, dir) => set({ sort, dir })} />
            <Tbody>
              {items.map((w) => (
                <WorkloadRow key={`${w.cluster.uuid}/${w.namespace.uuid}`} w={w} />
              ))}
              {items.length === 0 &&
                ((data.workloads ?? []).length === 0 ? (
                  <Tr>
                    <Td colSpan={COLUMNS.length}>No workload recommendations: no cluster has sent workload (DVO) results yet.</Td>
                  </Tr>
                ) : (
                  <NoMatchRow colSpan={COLUMNS.length} what="workloads" />
                ))}
            </Tbody>
          </Table>
        );
      }}
    </ListPage>
  );
}

function WorkloadRow({ w }: { w: Workload }) {
  const cluster = w.cluster.display_name || w.cluster.uuid;
  return (
    <Tr>
      <Td dataLabel="Namespace">
        <Link to={workloadPath(w)} aria-label={`Namespace ${w.namespace.name || w.namespace.uuid} on ${cluster}`}>
          {w.namespace.name || w.namespace.uuid}
        </Link>
      </Td>
      <Td dataLabel="Cluster">
        <Link to={`/clusters/${w.cluster.uuid}`}>{cluster}</Link>
      </Td>
      <Td dataLabel="Recommendations">{w.metadata.recommendations}</Td>
      <Td dataLabel="Objects">{w.metadata.objects}</Td>
      <Td dataLabel="Highest severity">{w.metadata.highest_severity > 0 ? <RiskLabel risk={w.metadata.highest_severity} /> : '—'}</Td>
      <Td dataLabel="Last seen">{formatDate(w.metadata.last_checked_at) || '—'}</Td>
    </Tr>
  );
}
