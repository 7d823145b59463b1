import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { Link } from 'react-router';
import type { ClusterListItem } from '../api/types.ts';
import { type Column, FilterToolbar, ListPage, NoMatchRow, riskOptions, SortHeader, useUrlState } from '../components/ListView.tsx';
import { type ClusterFilters, clusterFilters, filterClusters } from '../filters.ts';
import { formatDate, riskName } from '../labels.ts';
import { useApi } from '../useApi.tsx';

const COLUMNS: Column<ClusterFilters['sort']>[] = [
  { key: 'cluster_name', label: 'Name' },
  { key: 'cluster_version', label: 'Version' },
  { key: 'total_hit_count', label: 'Recommendations' },
  { key: '4', label: 'Critical' },
  { key: '3', label: 'Important' },
  { key: '2', label: 'Moderate' },
  { key: '1', label: 'Low' },
  { key: 'last_checked_at', label: 'Last seen' },
];

export function ClustersPage() {
  const [params, set] = useUrlState();
  const filters = clusterFilters(params);
  const loaded = useApi((c) => c.clusters(), [], { refresh: true });
  const toolbar = (
    <FilterToolbar
      label="Filter clusters"
      text={filters.text}
      onText={(text) => set({ text })}
      selects={[
        {
          label: 'Has recommendations of total risk',
          value: filters.risk === undefined ? '' : String(filters.risk),
          options: riskOptions('Any total risk', (r) => `Has ${riskName(r)}`),
          onChange: (v) => set({ total_risk: v }),
        },
      ]}
    />
  );
  return (
    <ListPage
      title="Clusters"
      intro="The organisation's clusters and the recommendations that affect them, by total risk."
      toolbar={toolbar}
      loaded={loaded}
      what="clusters"
    >
      {(data) => {
        const items = filterClusters(data.data ?? [], filters);
        return (
          <Table aria-label="Clusters" variant="compact">
            <SortHeader columns={COLUMNS} sort={filters.sort} dir={filters.dir} onSort={(sort, dir) => set({ sort, dir })} />
            <Tbody>
              {items.map((c) => (
                <ClusterRow key={c.cluster_id} c={c} />
              ))}
              {items.length === 0 && <NoMatchRow colSpan={COLUMNS.length} what="clusters" />}
            </Tbody>
          </Table>
        );
      }}
    </ListPage>
  );
}

function ClusterRow({ c }: { c: ClusterListItem }) {
  return (
    <Tr>
      <Td dataLabel="Name">
        <Link to={`/clusters/${c.cluster_id}`}>{c.cluster_name || c.cluster_id}</Link>
        {c.managed && (
          <Label isCompact style={{ marginLeft: '0.5rem' }}>
            Managed
          </Label>
        )}
      </Td>
      <Td dataLabel="Version">{c.cluster_version || '—'}</Td>
      <Td dataLabel="Recommendations">{c.total_hit_count}</Td>
      {(['4', '3', '2', '1'] as const).map((risk) => (
        <Td key={risk} dataLabel={riskName(Number(risk))}>
          {(c.hits_by_total_risk[risk] ?? 0) > 0 ? (
            <Link
              to={`/clusters/${c.cluster_id}?total_risk=${risk}`}
              aria-label={`${c.hits_by_total_risk[risk]} ${riskName(Number(risk))} recommendations on ${c.cluster_name || c.cluster_id}`}
            >
              {c.hits_by_total_risk[risk]}
            </Link>
          ) : (
            0
          )}
        </Td>
      ))}
      <Td dataLabel="Last seen">{c.last_checked_at ? formatDate(c.last_checked_at) : 'No Insights data yet'}</Td>
    </Tr>
  );
}
