import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th } from '@patternfly/react-table';
import { Link } from 'react-router';
import type { RecommendationListItem } from '../api/types.ts';
import { ExpandableRow, useOpenRows } from '../components/ExpandableRow.tsx';
import { type Column, FilterToolbar, ListPage, NoMatchRow, riskOptions, SortHeader, useUrlState } from '../components/ListView.tsx';
import { CategoryLabels, RiskLabel } from '../components/Risk.tsx';
import { RuleText } from '../components/Text.tsx';
import { filterRecommendations, type RecommendationFilters, recommendationFilters } from '../filters.ts';
import { CATEGORIES, formatDate, riskName } from '../labels.ts';
import { useApi } from '../useApi.tsx';

const COLUMNS: Column<RecommendationFilters['sort']>[] = [
  { key: 'description', label: 'Name' },
  { key: 'publish_date', label: 'Modified' },
  { key: 'total_risk', label: 'Total risk' },
  { key: 'impacted_clusters_count', label: 'Clusters' },
];

export function RecommendationsPage() {
  const [params, set] = useUrlState();
  const filters = recommendationFilters(params);
  const loaded = useApi((c) => c.recommendations(), [], { refresh: true });
  const toolbar = (
    <FilterToolbar
      label="Filter recommendations"
      text={filters.text}
      onText={(text) => set({ text })}
      selects={[
        {
          label: 'Total risk',
          value: filters.risks.join(','),
          options: riskOptions('Any total risk', riskName),
          onChange: (v) => set({ total_risk: v }),
        },
        {
          label: 'Category',
          value: filters.category,
          options: [{ value: '', label: 'Any category' }, ...CATEGORIES.map((c) => ({ value: c.id, label: c.name }))],
          onChange: (v) => set({ category: v }),
        },
        {
          label: 'Status',
          value: filters.status,
          options: [
            { value: 'enabled', label: 'Enabled' },
            { value: 'disabled', label: 'Disabled' },
            { value: 'all', label: 'Any status' },
          ],
          onChange: (v) => set({ status: v }),
        },
        {
          label: 'Impacting clusters',
          value: filters.impacting,
          options: [
            { value: 'yes', label: 'Impacting clusters' },
            { value: 'no', label: 'Not impacting' },
            { value: 'all', label: 'Impacting or not' },
          ],
          onChange: (v) => set({ impacting: v }),
        },
      ]}
    />
  );
  return (
    <ListPage
      title="Recommendations"
      intro="What Insights found on your clusters, from the rules' content."
      toolbar={toolbar}
      loaded={loaded}
      what="recommendations"
    >
      {(data) => (
        <RecommendationTable
          items={filterRecommendations(data.recommendations ?? [], filters)}
          filters={filters}
          onSort={(sort, dir) => set({ sort, dir })}
        />
      )}
    </ListPage>
  );
}

function RecommendationTable(props: {
  items: RecommendationListItem[];
  filters: RecommendationFilters;
  onSort: (sort: string, dir: string) => void;
}) {
  const open = useOpenRows();
  const { items, filters } = props;
  return (
    <Table aria-label="Recommendations" variant="compact">
      <SortHeader
        columns={COLUMNS}
        sort={filters.sort}
        dir={filters.dir}
        onSort={props.onSort}
        before={<Th screenReaderText="Details" />}
        after={<Th>Category</Th>}
      />
      {items.length === 0 ? (
        <Tbody>
          <NoMatchRow colSpan={6} what="recommendations" />
        </Tbody>
      ) : (
        items.map((r, rowIndex) => (
          <ExpandableRow
            key={r.rule_id}
            id={r.rule_id}
            rowIndex={rowIndex}
            expandId="rec"
            open={open}
            colSpan={6}
            details={<RuleText text={r.generic} />}
          >
            <Td dataLabel="Name">
              <Link to={`/recommendations/${encodeURIComponent(r.rule_id)}`}>{r.description}</Link>
              {r.disabled && (
                <Label isCompact color="grey" style={{ marginLeft: '0.5rem' }}>
                  Disabled
                </Label>
              )}
            </Td>
            <Td dataLabel="Modified">{formatDate(r.publish_date)}</Td>
            <Td dataLabel="Total risk">
              <RiskLabel risk={r.total_risk} />
            </Td>
            <Td dataLabel="Clusters">{r.impacted_clusters_count}</Td>
            <Td dataLabel="Category">
              <CategoryLabels tags={r.tags} />
            </Td>
          </ExpandableRow>
        ))
      )}
    </Table>
  );
}
