// Table rows that open to show more (a list's recommendations, a cluster's, a namespace's workload
// recommendations): the toggle in the first cell, the row's cells, and a row below spanning the table.
import { ExpandableRowContent, Tbody, Td, Tr } from '@patternfly/react-table';
import { type ReactNode, useState } from 'react';

export interface OpenRows {
  has(id: string): boolean;
  toggle(id: string): void;
}

/** Which rows are open, by the rows' IDs (kept while the rows are filtered or reloaded). */
export function useOpenRows(): OpenRows {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  return {
    has: (id) => open.has(id),
    toggle: (id) =>
      setOpen((s) => {
        const next = new Set(s);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
  };
}

/** One row (`children`: its cells after the toggle) and, when open, `details` in a row of `colSpan` cells. */
export function ExpandableRow(props: {
  id: string;
  rowIndex: number;
  /** The toggle's ID: `<expandId>-<rowIndex>`. */
  expandId: string;
  open: OpenRows;
  colSpan: number;
  details: ReactNode;
  children: ReactNode;
}) {
  const { id, rowIndex, open } = props;
  const isExpanded = open.has(id);
  return (
    <Tbody isExpanded={isExpanded}>
      <Tr>
        <Td expand={{ rowIndex, isExpanded, onToggle: () => open.toggle(id), expandId: `${props.expandId}-${rowIndex}` }} />
        {props.children}
      </Tr>
      <Tr isExpanded={isExpanded}>
        <Td colSpan={props.colSpan}>
          <ExpandableRowContent>{props.details}</ExpandableRowContent>
        </Td>
      </Tr>
    </Tbody>
  );
}
