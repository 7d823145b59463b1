// Upload an Insights Operator archive to the ingress and watch it go through the stages until the proxy
// serves its cluster's results (upload-watch.ts), then open the cluster.
import { Alert, Card, CardBody, Content, DescriptionList, PageSection, ProgressStep, ProgressStepper, Title } from '@patternfly/react-core';
import { UploadIcon } from '@patternfly/react-icons';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client.ts';
import { clusterIdOfArchive } from '../archive.ts';
import { Term } from '../components/Term.tsx';
import { arrived, type Snapshot, snapshot } from '../upload-watch.ts';
import { describeError, useClient } from '../useApi.tsx';

type Stage =
  | { step: 'idle' }
  | { step: 'uploading'; file: string }
  | { step: 'failed'; file: string; error: Error }
  | { step: 'processing'; file: string; requestId: string; clusterId: string | null; since: number; before: Snapshot; problem?: Error }
  | { step: 'done'; file: string; requestId: string; clusterId: string; hits: number };

const POLL_MS = 1500;
const SLOW_MS = 120_000;

export function UploadPage() {
  const client = useClient();
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const start = async (file: File) => {
    setStage({ step: 'uploading', file: file.name });
    try {
      const clusterId = await clusterIdOfArchive(file);
      const before = await snapshot(client, clusterId);
      const accepted = await client.upload(file, file.name);
      setStage({ step: 'processing', file: file.name, requestId: accepted.request_id, clusterId, since: Date.now(), before });
    } catch (e) {
      setStage({ step: 'failed', file: file.name, error: e instanceof Error ? e : new Error(String(e)) });
    }
  };

  // While processing: ask the proxy until the cluster's results are in (a failed poll is shown, and retried).
  useEffect(() => {
    if (stage.step !== 'processing') return;
    let live = true;
    const timer = setTimeout(async () => {
      try {
        const got = await arrived(client, stage.before);
        if (!live) return;
        if (got) setStage({ step: 'done', file: stage.file, requestId: stage.requestId, clusterId: got.clusterId, hits: got.hits });
        else setStage({ ...stage, problem: undefined });
      } catch (e) {
        if (live) setStage({ ...stage, problem: e instanceof Error ? e : new Error(String(e)) });
      }
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [stage, client]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && stage.step !== 'uploading' && stage.step !== 'processing') void start(file);
  };
  const busy = stage.step === 'uploading' || stage.step === 'processing';

  return (
    <>
      <PageSection>
        <Title headingLevel="h2" size="2xl">
          Upload an archive
        </Title>
        <Content component="p">
          An Insights Operator archive (<code>.tar.gz</code>) goes to the upload endpoint as a cluster's operator sends it; the rules
          pipeline analyses it and its recommendations appear on the cluster's page.
        </Content>
      </PageSection>
      <PageSection>
        <Card>
          <CardBody>
            <section
              aria-label="Drop an archive here"
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
              style={{
                border: `2px dashed var(--pf-t--global--border--color--${dragging ? 'clicked' : 'default'})`,
                borderRadius: 8,
                padding: '2rem',
                textAlign: 'center',
              }}
            >
              <UploadIcon style={{ fontSize: '2rem' }} />
              <p style={{ margin: '0.5rem 0' }}>Drop an archive here, or</p>
              <label htmlFor="archive-file" className="pf-v6-c-button pf-m-secondary" style={{ cursor: busy ? 'not-allowed' : 'pointer' }}>
                Choose an archive
              </label>
              <input
                id="archive-file"
                ref={input}
                type="file"
                accept=".tar.gz,.tgz,.tar,application/gzip,application/x-tar"
                disabled={busy}
                className="pf-v6-screen-reader"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void start(file);
                  e.target.value = '';
                }}
              />
            </section>
          </CardBody>
        </Card>
      </PageSection>
      {stage.step !== 'idle' && (
        <PageSection>
          <UploadProgress stage={stage} />
        </PageSection>
      )}
    </>
  );
}

function UploadProgress({ stage }: { stage: Exclude<Stage, { step: 'idle' }> }) {
  const accepted = stage.step === 'processing' || stage.step === 'done';
  const slow = stage.step === 'processing' && Date.now() - stage.since > SLOW_MS;
  return (
    <Card>
      <CardBody>
        <Title headingLevel="h3" style={{ marginBottom: '1rem' }}>
          {stage.file}
        </Title>
        <ProgressStepper aria-label="Upload progress" isVertical>
          <ProgressStep
            id="step-upload"
            titleId="step-upload-title"
            variant={stage.step === 'failed' ? 'danger' : accepted ? 'success' : 'info'}
            isCurrent={stage.step === 'uploading' || stage.step === 'failed'}
            description={
              stage.step === 'uploading'
                ? 'Sending the archive to the upload endpoint…'
                : stage.step === 'failed'
                  ? stage.error instanceof ApiError && stage.error.service === 'The upload endpoint'
                    ? 'The upload endpoint did not accept the archive.'
                    : 'The archive was not sent: the console could not read the cluster list first.'
                  : `Stored and announced to the pipeline. Request ID ${stage.requestId}.`
            }
          >
            Upload
          </ProgressStep>
          <ProgressStep
            id="step-process"
            titleId="step-process-title"
            variant={stage.step === 'done' ? 'success' : stage.step === 'processing' ? (slow ? 'warning' : 'info') : 'pending'}
            isCurrent={stage.step === 'processing'}
            description={
              stage.step === 'processing'
                ? slow
                  ? 'No results yet after two minutes: the pipeline may have rejected the archive (see its log), or is still busy. Still watching.'
                  : 'The rules pipeline analyses the archive; the db-writer stores the results…'
                : stage.step === 'done'
                  ? 'Analysed and stored.'
                  : undefined
            }
          >
            Analysis
          </ProgressStep>
          <ProgressStep
            id="step-results"
            titleId="step-results-title"
            variant={stage.step === 'done' ? 'success' : 'pending'}
            isCurrent={stage.step === 'done'}
            description={stage.step === 'done' ? `${stage.hits} recommendations for cluster ${stage.clusterId}.` : undefined}
          >
            Results
          </ProgressStep>
        </ProgressStepper>
        {stage.step === 'failed' && (
          <Alert variant="danger" isInline role="alert" title={describeError(stage.error).title} style={{ marginTop: '1rem' }}>
            {describeError(stage.error).body}
          </Alert>
        )}
        {stage.step === 'processing' && stage.problem && (
          <Alert variant="warning" isInline role="alert" title={describeError(stage.problem).title} style={{ marginTop: '1rem' }}>
            {describeError(stage.problem).body} Still watching.
          </Alert>
        )}
        {accepted && (
          <DescriptionList isHorizontal isCompact style={{ marginTop: '1rem' }}>
            <Term label="Request ID">
              <code data-testid="request-id">{stage.requestId}</code>
            </Term>
            <Term label="Cluster">{stage.clusterId ?? 'not in the archive: watching every cluster'}</Term>
          </DescriptionList>
        )}
        <div role="status" aria-live="polite" style={{ marginTop: '1rem' }}>
          {stage.step === 'done' && (
            <Link to={`/clusters/${stage.clusterId}`} className="pf-v6-c-button pf-m-primary">
              Open the cluster
            </Link>
          )}
          {stage.step === 'processing' && <span>Waiting for the results…</span>}
        </div>
      </CardBody>
    </Card>
  );
}
