import {
  Content,
  EmptyState,
  EmptyStateBody,
  FormSelect,
  FormSelectOption,
  Label,
  PageSection,
  SearchInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { SearchIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { Link, useSearchParams } from 'react-router';
import type { ClusterListItem } from '../api/types.ts';
import { type ClusterFilters, clusterFilters, filterClusters, withParams } from '../filters.ts';
import { formatDate, riskName } from '../labels.ts';
import { DataState, useApi } from '../useApi.tsx';

const COLUMNS: { key: ClusterFilters['sort']; label: string }[] = [
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
  const [params, setParams] = useSearchParams();
  const filters = clusterFilters(params);
  const loaded = useApi((c) => c.clusters(), []);
  const set = (changes: Record<string, string | undefined>) => setParams(withParams(params, changes), { replace: true });
  return (
    <>
      <PageSection>
        <Title headingLevel="h2" size="2xl">
          Clusters
        </Title>
        <Content component="p">The organisation's clusters and the recommendations that affect them, by total risk.</Content>
      </PageSection>
      <PageSection>
        <Toolbar aria-label="Filter clusters">
          <ToolbarContent>
            <ToolbarItem>
              <SearchInput
                aria-label="Filter by name"
                placeholder="Filter by name"
                value={filters.text}
                onChange={(_e, v) => set({ text: v })}
                onClear={() => set({ text: undefined })}
              />
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect
                aria-label="Has recommendations of total risk"
                value={filters.risk === undefined ? '' : String(filters.risk)}
                onChange={(_e, v) => set({ total_risk: v })}
              >
                <FormSelectOption value="" label="Any total risk" />
                {[4, 3, 2, 1].map((r) => (
                  <FormSelectOption key={r} value={String(r)} label={`Has ${riskName(r)}`} />
                ))}
              </FormSelect>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        <DataState loaded={loaded} what="clusters">
          {(data) => (
            <ClusterTable items={filterClusters(data.data ?? [], filters)} filters={filters} onSort={(sort, dir) => set({ sort, dir })} />
          )}
        </DataState>
      </PageSection>
    </>
  );
}

function ClusterTable(props: { items: ClusterListItem[]; filters: ClusterFilters; onSort: (sort: string, dir: string) => void }) {
  const { items, filters } = props;
  return (
    <Table aria-label="Clusters" variant="compact">
      <Thead>
        <Tr>
          {COLUMNS.map((col, index) => (
            <Th
              key={col.key}
              modifier="wrap"
              sort={{
                columnIndex: index,
                sortBy: { index: COLUMNS.findIndex((c) => c.key === filters.sort), direction: filters.dir },
                onSort: (_e, _i, dir) => props.onSort(col.key, dir),
              }}
            >
              {col.label}
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {items.length === 0 ? (
          <Tr>
            <Td colSpan={COLUMNS.length}>
              <EmptyState titleText="No clusters match" headingLevel="h3" icon={SearchIcon}>
                <EmptyStateBody>Change or clear the filters to see more.</EmptyStateBody>
              </EmptyState>
            </Td>
          </Tr>
        ) : (
          items.map((c) => (
            <Tr key={c.cluster_id}>
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
          ))
        )}
      </Tbody>
    </Table>
  );
}
