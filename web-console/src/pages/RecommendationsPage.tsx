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
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { RecommendationListItem } from '../api/types.ts';
import { CategoryLabels, RiskLabel } from '../components/Risk.tsx';
import { RuleText } from '../components/Text.tsx';
import { filterRecommendations, type RecommendationFilters, recommendationFilters, withParams } from '../filters.ts';
import { CATEGORIES, formatDate, riskName } from '../labels.ts';
import { DataState, useApi } from '../useApi.tsx';

const COLUMNS: { key: RecommendationFilters['sort']; label: string }[] = [
  { key: 'description', label: 'Name' },
  { key: 'publish_date', label: 'Modified' },
  { key: 'total_risk', label: 'Total risk' },
  { key: 'impacted_clusters_count', label: 'Clusters' },
];

export function RecommendationsPage() {
  const [params, setParams] = useSearchParams();
  const filters = recommendationFilters(params);
  const loaded = useApi((c) => c.recommendations(), []);
  const set = (changes: Record<string, string | undefined>) => setParams(withParams(params, changes), { replace: true });

  return (
    <>
      <PageSection>
        <Title headingLevel="h2" size="2xl">
          Recommendations
        </Title>
        <Content component="p">What Insights found on your clusters, from the rules' content.</Content>
      </PageSection>
      <PageSection>
        <Toolbar aria-label="Filter recommendations">
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
              <FormSelect aria-label="Total risk" value={filters.risks.join(',')} onChange={(_e, v) => set({ total_risk: v })}>
                <FormSelectOption value="" label="Any total risk" />
                {[4, 3, 2, 1].map((r) => (
                  <FormSelectOption key={r} value={String(r)} label={riskName(r)} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect aria-label="Category" value={filters.category} onChange={(_e, v) => set({ category: v })}>
                <FormSelectOption value="" label="Any category" />
                {CATEGORIES.map((c) => (
                  <FormSelectOption key={c.id} value={c.id} label={c.name} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect aria-label="Status" value={filters.status} onChange={(_e, v) => set({ status: v })}>
                <FormSelectOption value="enabled" label="Enabled" />
                <FormSelectOption value="disabled" label="Disabled" />
                <FormSelectOption value="all" label="Any status" />
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem>
              <FormSelect aria-label="Impacting clusters" value={filters.impacting} onChange={(_e, v) => set({ impacting: v })}>
                <FormSelectOption value="yes" label="Impacting clusters" />
                <FormSelectOption value="no" label="Not impacting" />
                <FormSelectOption value="all" label="Impacting or not" />
              </FormSelect>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        <DataState loaded={loaded} what="recommendations">
          {(data) => (
            <RecommendationTable
              items={filterRecommendations(data.recommendations ?? [], filters)}
              filters={filters}
              onSort={(sort, dir) => set({ sort, dir })}
            />
          )}
        </DataState>
      </PageSection>
    </>
  );
}

function RecommendationTable(props: {
  items: RecommendationListItem[];
  filters: RecommendationFilters;
  onSort: (sort: string, dir: string) => void;
}) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const { items, filters } = props;
  const toggle = (id: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <Table aria-label="Recommendations" variant="compact">
      <Thead>
        <Tr>
          <Th screenReaderText="Details" />
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
          <Th>Category</Th>
        </Tr>
      </Thead>
      {items.length === 0 ? (
        <Tbody>
          <Tr>
            <Td colSpan={6}>
              <EmptyState titleText="No recommendations match" headingLevel="h3" icon={SearchIcon}>
                <EmptyStateBody>Change or clear the filters to see more.</EmptyStateBody>
              </EmptyState>
            </Td>
          </Tr>
        </Tbody>
      ) : (
        items.map((r, rowIndex) => {
          const isExpanded = expanded.has(r.rule_id);
          return (
            <Fragment key={r.rule_id}>
              <Tbody isExpanded={isExpanded}>
                <Tr>
                  <Td expand={{ rowIndex, isExpanded, onToggle: () => toggle(r.rule_id), expandId: `rec-${rowIndex}` }} />
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
                </Tr>
                <Tr isExpanded={isExpanded}>
                  <Td colSpan={6}>
                    <ExpandableRowContent>
                      <RuleText text={r.generic} />
                    </ExpandableRowContent>
                  </Td>
                </Tr>
              </Tbody>
            </Fragment>
          );
        })
      )}
    </Table>
  );
}
