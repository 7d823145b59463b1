import {
  Breadcrumb,
  BreadcrumbItem,
  Button,
  Card,
  CardBody,
  CardTitle,
  Checkbox,
  DescriptionList,
  EmptyState,
  EmptyStateBody,
  FormSelect,
  FormSelectOption,
  Label,
  PageSection,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { CheckCircleIcon, ThumbsDownIcon, ThumbsUpIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, type ClusterRuleAction, reportRuleId } from '../api/client.ts';
import type { ClusterReportResponse, GatheringRequestsResponse, ReportRule } from '../api/types.ts';
import { ExpandableRow, useOpenRows } from '../components/ExpandableRow.tsx';
import { useFeedback } from '../components/Feedback.tsx';
import { ReasonModal } from '../components/ReasonModal.tsx';
import { CategoryLabels, RiskLabel } from '../components/Risk.tsx';
import { Term } from '../components/Term.tsx';
import { ReasonAndResolution, RuleText } from '../components/Text.tsx';
import { filterReport, parseRisks, withParams } from '../filters.ts';
import { formatDate, riskName } from '../labels.ts';
import { DataState, ErrorState, errorLine, useApi, useClient } from '../useApi.tsx';

export function ClusterPage() {
  const clusterId = useParams().clusterId ?? '';
  const [params, setParams] = useSearchParams();
  const risks = parseRisks(params.get('total_risk'));
  const showDisabled = params.get('show_disabled') === 'true';
  const set = (changes: Record<string, string | undefined>) => setParams(withParams(params, changes), { replace: true });
  const loaded = useApi((c) => c.clusterReport(clusterId, showDisabled), [clusterId, showDisabled]);
  const notFound = loaded.state === 'error' && loaded.error instanceof ApiError && loaded.error.httpStatus === 404;
  return (
    <>
      <PageSection>
        <Breadcrumb>
          <BreadcrumbItem render={() => <Link to="/clusters">Clusters</Link>} />
          <BreadcrumbItem isActive>{loaded.state === 'ok' ? loaded.data.report.meta.cluster_name || clusterId : clusterId}</BreadcrumbItem>
        </Breadcrumb>
      </PageSection>
      {notFound ? (
        <PageSection>
          <EmptyState titleText="No Insights data for this cluster yet" headingLevel="h2">
            <EmptyStateBody>
              The cluster has not sent an Insights archive that was processed yet. Recommendations appear here once it has.
            </EmptyStateBody>
          </EmptyState>
        </PageSection>
      ) : (
        <DataState loaded={loaded} what="the cluster's recommendations">
          {(data) => (
            <ClusterReport
              clusterId={clusterId}
              report={data}
              risks={risks}
              showDisabled={showDisabled}
              onRisk={(v) => set({ total_risk: v })}
              onShowDisabled={(v) => set({ show_disabled: v ? 'true' : undefined })}
              reload={loaded.reload}
            />
          )}
        </DataState>
      )}
      <GatheringRequests clusterId={clusterId} />
    </>
  );
}

function ClusterReport(props: {
  clusterId: string;
  report: ClusterReportResponse;
  risks: number[];
  showDisabled: boolean;
  onRisk: (v: string) => void;
  onShowDisabled: (v: boolean) => void;
  reload: () => void;
}) {
  const { meta } = props.report.report;
  const rules = filterReport(props.report.report.data ?? [], props.risks);
  const client = useClient();
  const feedback = useFeedback();
  const open = useOpenRows();
  const [disabling, setDisabling] = useState<ReportRule | null>(null);
  const act = async (rule: ReportRule, action: ClusterRuleAction, success: string, message?: string) => {
    try {
      await client.clusterRule(props.clusterId, reportRuleId(rule), action);
      if (message) await client.disableFeedback(props.clusterId, reportRuleId(rule), message);
      feedback('success', success);
      setDisabling(null);
      props.reload();
    } catch (e) {
      feedback('danger', errorLine(e));
    }
  };
  return (
    <>
      <PageSection>
        <Title headingLevel="h2" size="2xl">
          {meta.cluster_name || props.clusterId} {meta.managed && <Label>Managed</Label>}
        </Title>
        <DescriptionList isHorizontal isCompact columnModifier={{ default: '3Col' }} style={{ marginTop: '1rem' }}>
          <Term label="Cluster ID">{props.clusterId}</Term>
          <Term label="Last checked">{formatDate(meta.last_checked_at)}</Term>
          <Term label="Data gathered">{formatDate(meta.gathered_at) || '—'}</Term>
        </DescriptionList>
      </PageSection>
      <PageSection>
        <Toolbar aria-label="Filter the cluster's recommendations">
          <ToolbarContent>
            <ToolbarItem>
              <FormSelect aria-label="Total risk" value={props.risks.join(',')} onChange={(_e, v) => props.onRisk(v)}>
                <FormSelectOption value="" label="Any total risk" />
                {[4, 3, 2, 1].map((r) => (
                  <FormSelectOption key={r} value={String(r)} label={riskName(r)} />
                ))}
              </FormSelect>
            </ToolbarItem>
            <ToolbarItem alignItems="center">
              <Checkbox
                id="show-disabled"
                label="Include disabled recommendations"
                isChecked={props.showDisabled}
                onChange={(_e, v) => props.onShowDisabled(v)}
              />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {rules.length === 0 ? (
          <EmptyState titleText="No recommendations" headingLevel="h3" icon={CheckCircleIcon} status="success">
            <EmptyStateBody>
              {props.risks.length > 0
                ? 'No recommendation of this total risk affects the cluster.'
                : 'Insights found no issue on this cluster.'}
            </EmptyStateBody>
          </EmptyState>
        ) : (
          <Table aria-label="Recommendations for the cluster" variant="compact">
            <Thead>
              <Tr>
                <Th screenReaderText="Details" />
                <Th>Description</Th>
                <Th>Total risk</Th>
                <Th>Category</Th>
                <Th>Impacted since</Th>
                <Th screenReaderText="Actions" />
              </Tr>
            </Thead>
            {rules.map((rule, rowIndex) => {
              const id = reportRuleId(rule);
              return (
                <ExpandableRow
                  key={id}
                  id={id}
                  rowIndex={rowIndex}
                  expandId="hit"
                  open={open}
                  colSpan={6}
                  details={
                    <>
                      <RuleText text={rule.details} />
                      <ReasonAndResolution rule={rule} />
                      {rule.disabled && rule.disable_feedback && <p>Disable feedback: {rule.disable_feedback}</p>}
                    </>
                  }
                >
                  <Td dataLabel="Description">
                    <Link to={`/recommendations/${encodeURIComponent(id)}`}>{rule.description}</Link>
                    {rule.disabled && (
                      <Label isCompact color="grey" style={{ marginLeft: '0.5rem' }}>
                        Disabled
                      </Label>
                    )}
                  </Td>
                  <Td dataLabel="Total risk">
                    <RiskLabel risk={rule.total_risk} />
                  </Td>
                  <Td dataLabel="Category">
                    <CategoryLabels tags={rule.tags} />
                  </Td>
                  <Td dataLabel="Impacted since">{formatDate(rule.impacted) || '—'}</Td>
                  <Td dataLabel="Actions">
                    <Button
                      variant="plain"
                      aria-label={`Helpful: ${rule.description}`}
                      aria-pressed={rule.user_vote === 1}
                      onClick={() => act(rule, rule.user_vote === 1 ? 'reset_vote' : 'like', 'Vote recorded')}
                      icon={<ThumbsUpIcon color={rule.user_vote === 1 ? 'var(--pf-t--global--icon--color--brand--default)' : undefined} />}
                    />
                    <Button
                      variant="plain"
                      aria-label={`Not helpful: ${rule.description}`}
                      aria-pressed={rule.user_vote === -1}
                      onClick={() => act(rule, rule.user_vote === -1 ? 'reset_vote' : 'dislike', 'Vote recorded')}
                      icon={
                        <ThumbsDownIcon color={rule.user_vote === -1 ? 'var(--pf-t--global--icon--color--brand--default)' : undefined} />
                      }
                    />
                    {rule.disabled ? (
                      <Button variant="link" onClick={() => act(rule, 'enable', `Enabled: ${rule.description}`)}>
                        Enable
                      </Button>
                    ) : (
                      <Button variant="link" onClick={() => setDisabling(rule)}>
                        Disable
                      </Button>
                    )}
                  </Td>
                </ExpandableRow>
              );
            })}
          </Table>
        )}
      </PageSection>
      {disabling && (
        <ReasonModal
          title={`Disable "${disabling.description}" for this cluster`}
          label="Feedback (optional)"
          confirm="Disable"
          onClose={() => setDisabling(null)}
          onConfirm={(text) => act(disabling, 'disable', `Disabled: ${disabling.description}`, text.trim() || undefined)}
        />
      )}
    </>
  );
}

/** On-demand gathering (V2-12): the cluster's requests and whether each was processed. */
function GatheringRequests({ clusterId }: { clusterId: string }) {
  const loaded = useApi((c) => c.gatheringRequests(clusterId), [clusterId]);
  return (
    <PageSection>
      <Card>
        <CardTitle>
          <Title headingLevel="h3">On-demand gathering</Title>
        </CardTitle>
        <CardBody>
          {loaded.state === 'error' ? (
            <ErrorState error={loaded.error} onRetry={loaded.reload} />
          ) : (
            <DataState loaded={loaded} what="gathering requests">
              {(data) => <RequestTable data={data} />}
            </DataState>
          )}
        </CardBody>
      </Card>
    </PageSection>
  );
}

function RequestTable({ data }: { data: GatheringRequestsResponse | null }) {
  if (!data || data.requests.length === 0) return <p>No on-demand gathering requests for this cluster.</p>;
  return (
    <Table aria-label="On-demand gathering requests" variant="compact">
      <Thead>
        <Tr>
          <Th>Request ID</Th>
          <Th>Received</Th>
          <Th>Status</Th>
        </Tr>
      </Thead>
      <Tbody>
        {data.requests.map((r) => (
          <Tr key={r.requestID}>
            <Td dataLabel="Request ID">
              <code>{r.requestID}</code>
            </Td>
            <Td dataLabel="Received">{formatDate(r.received) || '—'}</Td>
            <Td dataLabel="Status">
              {!r.valid ? 'Unknown' : r.processed ? `Processed ${formatDate(r.processed)}` : 'Waiting to be processed'}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
