// What the list views share (recommendations, clusters, workloads): the page header, a filter toolbar whose
// values live in the URL, sortable column headers, the "no match" row and the loading/error states.
import {
  Content,
  EmptyState,
  EmptyStateBody,
  FormSelect,
  FormSelectOption,
  PageSection,
  SearchInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { SearchIcon } from '@patternfly/react-icons';
import { Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { type SortDir, withParams } from '../filters.ts';
import { DataState, type Loaded } from '../useApi.tsx';

/** The query parameters and a setter that changes some of them in place (no new history entry). */
export function useUrlState(): [URLSearchParams, (changes: Record<string, string | undefined>) => void] {
  const [params, setParams] = useSearchParams();
  return [params, (changes) => setParams(withParams(params, changes), { replace: true })];
}

export interface SelectFilter {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}

export function FilterToolbar(props: { label: string; text: string; onText: (text: string | undefined) => void; selects: SelectFilter[] }) {
  return (
    <Toolbar aria-label={props.label}>
      <ToolbarContent>
        <ToolbarItem>
          <SearchInput
            aria-label="Filter by name"
            placeholder="Filter by name"
            value={props.text}
            onChange={(_e, v) => props.onText(v)}
            onClear={() => props.onText(undefined)}
          />
        </ToolbarItem>
        {props.selects.map((s) => (
          <ToolbarItem key={s.label}>
            <FormSelect aria-label={s.label} value={s.value} onChange={(_e, v) => s.onChange(v)}>
              {s.options.map((o) => (
                <FormSelectOption key={o.value} value={o.value} label={o.label} />
              ))}
            </FormSelect>
          </ToolbarItem>
        ))}
      </ToolbarContent>
    </Toolbar>
  );
}

/** `Any total risk`, then Critical..Low (values 4..1) named by `name`. */
export function riskOptions(anyLabel: string, name: (risk: number) => string): { value: string; label: string }[] {
  return [{ value: '', label: anyLabel }, ...[4, 3, 2, 1].map((r) => ({ value: String(r), label: name(r) }))];
}

export interface Column<K extends string> {
  key: K;
  label: string;
}

/** A header row whose columns sort (buttons, so the keyboard reaches them); `before`/`after` add plain cells. */
export function SortHeader<K extends string>(props: {
  columns: Column<K>[];
  sort: K;
  dir: SortDir;
  onSort: (sort: K, dir: SortDir) => void;
  before?: ReactNode;
  after?: ReactNode;
}) {
  const active = props.columns.findIndex((c) => c.key === props.sort);
  return (
    <Thead>
      <Tr>
        {props.before}
        {props.columns.map((col, index) => (
          <Th
            key={col.key}
            modifier="wrap"
            sort={{
              columnIndex: index,
              sortBy: { index: active, direction: props.dir },
              onSort: (_e, _i, dir) => props.onSort(col.key, dir),
            }}
          >
            {col.label}
          </Th>
        ))}
        {props.after}
      </Tr>
    </Thead>
  );
}

export function NoMatchRow({ colSpan, what }: { colSpan: number; what: string }) {
  return (
    <Tr>
      <Td colSpan={colSpan}>
        <EmptyState titleText={`No ${what} match`} headingLevel="h3" icon={SearchIcon}>
          <EmptyStateBody>Change or clear the filters to see more.</EmptyStateBody>
        </EmptyState>
      </Td>
    </Tr>
  );
}

/** A list page: title and intro, the toolbar, then the data (refreshed by the caller's useApi). */
export function ListPage<T>(props: {
  title: string;
  intro: string;
  toolbar: ReactNode;
  loaded: Loaded<T>;
  what: string;
  children: (data: T) => ReactNode;
}) {
  return (
    <>
      <PageSection>
        <Title headingLevel="h2" size="2xl">
          {props.title}
        </Title>
        <Content component="p">{props.intro}</Content>
      </PageSection>
      <PageSection>
        {props.toolbar}
        <DataState loaded={props.loaded} what={props.what}>
          {props.children}
        </DataState>
      </PageSection>
    </>
  );
}
