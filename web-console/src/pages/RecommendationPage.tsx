import {
  Alert,
  Breadcrumb,
  BreadcrumbItem,
  Button,
  Card,
  CardBody,
  CardTitle,
  DescriptionList,
  EmptyState,
  EmptyStateBody,
  Flex,
  FlexItem,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { ThumbsDownIcon, ThumbsUpIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ClustersDetailResponse, RecommendationDetailResponse } from '../api/types.ts';
import { useFeedback } from '../components/Feedback.tsx';
import { ReasonModal } from '../components/ReasonModal.tsx';
import { CategoryLabels, RiskLabel } from '../components/Risk.tsx';
import { Term } from '../components/Term.tsx';
import { RuleText } from '../components/Text.tsx';
import { formatDate, riskName } from '../labels.ts';
import { DataState, errorLine, useApi, useClient } from '../useApi.tsx';

export function RecommendationPage() {
  const ruleId = useParams().ruleId ?? '';
  const loaded = useApi(
    async (c) => {
      const [rule, clusters] = await Promise.all([c.recommendation(ruleId), c.clustersDetail(ruleId)]);
      const ack = rule.content.disabled ? await c.ack(ruleId) : null;
      return { rule, clusters, ack };
    },
    [ruleId],
  );
  return (
    <>
      <PageSection>
        <Breadcrumb>
          <BreadcrumbItem render={() => <Link to="/recommendations">Recommendations</Link>} />
          <BreadcrumbItem isActive>{loaded.state === 'ok' ? loaded.data.rule.content.description : ruleId}</BreadcrumbItem>
        </Breadcrumb>
      </PageSection>
      <DataState loaded={loaded} what="the recommendation">
        {({ rule, clusters, ack }) => (
          <Recommendation rule={rule} clusters={clusters} ackJustification={ack?.justification} reload={loaded.reload} />
        )}
      </DataState>
    </>
  );
}

function Recommendation(props: {
  rule: RecommendationDetailResponse;
  clusters: ClustersDetailResponse;
  ackJustification: string | undefined;
  reload: () => void;
}) {
  const r = props.rule.content;
  const client = useClient();
  const feedback = useFeedback();
  const [modal, setModal] = useState<{ kind: 'ack' } | { kind: 'cluster'; id: string; name: string } | null>(null);
  const [rating, setRating] = useState(r.rating);
  const enabled = props.clusters.data.enabled ?? [];
  const disabled = props.clusters.data.disabled ?? [];

  const act = async (work: () => Promise<unknown>, success: string) => {
    try {
      await work();
      feedback('success', success);
      setModal(null);
      props.reload();
    } catch (e) {
      feedback('danger', errorLine(e));
    }
  };
  const rate = async (value: -1 | 1) => {
    const next = rating === value ? 0 : value;
    try {
      await client.rate(r.rule_id, next);
      setRating(next);
      feedback('success', next === 0 ? 'Rating removed' : 'Thank you for your feedback');
    } catch (e) {
      feedback('danger', errorLine(e));
    }
  };

  return (
    <>
      <PageSection>
        <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsFlexStart' }}>
          <FlexItem>
            <Title headingLevel="h2" size="2xl">
              {r.description}
            </Title>
            <p>Modified {formatDate(r.publish_date)}</p>
          </FlexItem>
          <FlexItem>
            {r.disabled ? (
              <Button variant="secondary" onClick={() => act(() => client.deleteAck(r.rule_id), 'Recommendation enabled')}>
                Enable recommendation
              </Button>
            ) : (
              <Button variant="secondary" onClick={() => setModal({ kind: 'ack' })}>
                Disable recommendation
              </Button>
            )}
          </FlexItem>
        </Flex>
        {r.disabled && (
          <Alert variant="info" isInline title="Recommendation is disabled" style={{ marginTop: '1rem' }}>
            It is disabled for all clusters of the organisation and does not count in the lists.
            {props.ackJustification ? ` Justification: ${props.ackJustification}` : ''}
          </Alert>
        )}
      </PageSection>
      <PageSection>
        <Card>
          <CardBody>
            <RuleText text={r.generic} />
            <DescriptionList isHorizontal isCompact columnModifier={{ default: '2Col' }}>
              <Term label="Total risk">
                <RiskLabel risk={r.total_risk} />
              </Term>
              <Term label="Category">
                <CategoryLabels tags={r.tags} />
              </Term>
              <Term label="Impact">{riskName(r.impact)}</Term>
              <Term label="Likelihood">{riskName(r.likelihood)}</Term>
              <Term label="Risk of change">{riskName(r.resolution_risk)}</Term>
              <Term label="Rule">
                <code>{r.rule_id}</code>
              </Term>
            </DescriptionList>
            <RuleText text={r.more_info} />
            <Flex alignItems={{ default: 'alignItemsCenter' }}>
              <FlexItem id="rating-label">Is this recommendation helpful?</FlexItem>
              <FlexItem>
                <Button
                  variant="plain"
                  aria-label="Helpful"
                  aria-pressed={rating === 1}
                  onClick={() => rate(1)}
                  icon={<ThumbsUpIcon color={rating === 1 ? 'var(--pf-t--global--icon--color--brand--default)' : undefined} />}
                />
                <Button
                  variant="plain"
                  aria-label="Not helpful"
                  aria-pressed={rating === -1}
                  onClick={() => rate(-1)}
                  icon={<ThumbsDownIcon color={rating === -1 ? 'var(--pf-t--global--icon--color--brand--default)' : undefined} />}
                />
              </FlexItem>
            </Flex>
          </CardBody>
        </Card>
      </PageSection>
      <PageSection>
        <Card>
          <CardTitle>
            <Title headingLevel="h3">Affected clusters ({enabled.length})</Title>
          </CardTitle>
          <CardBody>
            {enabled.length === 0 ? (
              <EmptyState titleText="No affected clusters" headingLevel="h4">
                <EmptyStateBody>No cluster of the organisation is currently affected by this recommendation.</EmptyStateBody>
              </EmptyState>
            ) : (
              <Table aria-label="Affected clusters" variant="compact">
                <Thead>
                  <Tr>
                    <Th>Name</Th>
                    <Th>Version</Th>
                    <Th>First impacted</Th>
                    <Th>Last seen</Th>
                    <Th screenReaderText="Actions" />
                  </Tr>
                </Thead>
                <Tbody>
                  {enabled.map((c) => (
                    <Tr key={c.cluster}>
                      <Td dataLabel="Name">
                        <Link to={`/clusters/${c.cluster}`}>{c.cluster_name || c.cluster}</Link>
                      </Td>
                      <Td dataLabel="Version">{c.meta?.cluster_version || '—'}</Td>
                      <Td dataLabel="First impacted">{formatDate(c.impacted)}</Td>
                      <Td dataLabel="Last seen">{formatDate(c.last_checked_at)}</Td>
                      <Td dataLabel="Actions">
                        <Button
                          variant="link"
                          aria-label={`Disable for cluster ${c.cluster_name || c.cluster}`}
                          onClick={() => setModal({ kind: 'cluster', id: c.cluster, name: c.cluster_name || c.cluster })}
                        >
                          Disable
                        </Button>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </CardBody>
        </Card>
      </PageSection>
      {disabled.length > 0 && (
        <PageSection>
          <Card>
            <CardTitle>
              <Title headingLevel="h3">Disabled for ({disabled.length})</Title>
            </CardTitle>
            <CardBody>
              <Table aria-label="Clusters the recommendation is disabled for" variant="compact">
                <Thead>
                  <Tr>
                    <Th>Name</Th>
                    <Th>Disabled at</Th>
                    <Th>Justification</Th>
                    <Th screenReaderText="Actions" />
                  </Tr>
                </Thead>
                <Tbody>
                  {disabled.map((c) => (
                    <Tr key={c.cluster_id}>
                      <Td dataLabel="Name">
                        <Link to={`/clusters/${c.cluster_id}`}>{c.cluster_name || c.cluster_id}</Link>
                      </Td>
                      <Td dataLabel="Disabled at">{formatDate(c.disabled_at)}</Td>
                      <Td dataLabel="Justification">{c.justification || '—'}</Td>
                      <Td dataLabel="Actions">
                        {!r.disabled && (
                          <Button
                            variant="link"
                            aria-label={`Enable for cluster ${c.cluster_name || c.cluster_id}`}
                            onClick={() =>
                              act(
                                () => client.clusterRule(c.cluster_id, r.rule_id, 'enable'),
                                `Recommendation enabled for ${c.cluster_name || c.cluster_id}`,
                              )
                            }
                          >
                            Enable
                          </Button>
                        )}
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </CardBody>
          </Card>
        </PageSection>
      )}
      {modal?.kind === 'ack' && (
        <ReasonModal
          title="Disable recommendation"
          label="Justification (optional)"
          confirm="Disable"
          onClose={() => setModal(null)}
          onConfirm={(text) => act(() => client.createAck(r.rule_id, text), 'Recommendation disabled for all clusters')}
        />
      )}
      {modal?.kind === 'cluster' && (
        <ReasonModal
          title={`Disable recommendation for ${modal.name}`}
          label="Feedback (optional)"
          confirm="Disable"
          onClose={() => setModal(null)}
          onConfirm={(text) =>
            act(async () => {
              await client.clusterRule(modal.id, r.rule_id, 'disable');
              if (text.trim()) await client.disableFeedback(modal.id, r.rule_id, text.trim());
            }, `Recommendation disabled for ${modal.name}`)
          }
        />
      )}
    </>
  );
}
