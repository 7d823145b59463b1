// The launcher's view of its services (`npm start`, `npm run start:full`): one alert per service that is
// not running, saying what waits for it, gone by itself once the service is back. Polls servicesPath
// every `everyMs`; without a launcher (no servicesPath) it renders nothing.
import { Alert, PageSection } from '@patternfly/react-core';
import { useEffect, useState } from 'react';

interface ServiceStatus {
  name: string;
  label: string;
  state: string;
}

/** What a person waits for while a service is not running. */
const EFFECT: Record<string, string> = {
  'insights-ingress': 'Archives cannot be uploaded.',
  'ccx-data-pipeline': 'Uploaded archives wait until it is back; their results are not analysed yet.',
  'insights-results-aggregator': 'Reports, cluster lists and your changes are unavailable.',
  'dvo-writer': 'New workload results wait until it is back.',
  'insights-content-service': 'Recommendations are shown from the last content loaded.',
  'insights-results-smart-proxy': 'Nothing can be shown until it is back.',
};

const STATE: Record<string, string> = {
  starting: 'starting',
  failed: 'failed to start',
  exited: 'not running (it stopped)',
  stopped: 'stopped',
};

export function ServicesBanner({ path, everyMs }: { path: string | null; everyMs: number }) {
  const [down, setDown] = useState<ServiceStatus[]>([]);
  useEffect(() => {
    if (!path) return;
    let live = true;
    const poll = async () => {
      try {
        const res = await fetch(path, { cache: 'no-store' });
        if (!res.ok) return;
        const body = (await res.json()) as { services?: ServiceStatus[] };
        if (live) setDown((body.services ?? []).filter((s) => s.state !== 'ready'));
      } catch {
        // the launcher itself is gone: the views say that the proxy cannot be reached
      }
    };
    void poll();
    const timer = setInterval(poll, Math.max(everyMs, 1000));
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [path, everyMs]);
  if (down.length === 0) return null;
  return (
    <PageSection aria-label="Service status">
      {down.map((s) => (
        <Alert key={s.name} isInline variant="warning" title={`${s.label} is ${STATE[s.state] ?? s.state}`}>
          {EFFECT[s.name] ?? 'Part of the system is unavailable.'} This message goes away by itself when it is back.
        </Alert>
      ))}
    </PageSection>
  );
}
