/**
 * A fake of the data-engineering upgrade-risks service (ccx-upgrades-data-eng, smart-proxy spec 2.6.5)
 * speaking its HTTP contract on a real port:
 * - `GET cluster/{C}/upgrade-risks-prediction`: 200 `{upgrade_recommended, upgrade_risks_predictors,
 *   last_checked_at}` for a known cluster, 404 `{"detail":"No data for the cluster"}` otherwise;
 * - `POST upgrade-risks-prediction` `{"clusters":[...]}`: 200 `{"status":"ok","predictions":[...]}` with
 *   `prediction_status` `ok` (and the prediction) or `No data for the cluster` per cluster.
 * Tests set the data, a delay (timeouts) or a forced status, and read the requests it received.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface Prediction {
  upgrade_recommended: boolean;
  upgrade_risks_predictors: {
    alerts: { name: string; namespace: string; severity: string; url: string }[];
    operator_conditions: { name: string; condition: string; reason: string; url: string }[];
  };
  last_checked_at: string;
}

export const NO_DATA = 'No data for the cluster';

export function samplePrediction(recommended = false): Prediction {
  return {
    upgrade_recommended: recommended,
    upgrade_risks_predictors: {
      alerts: recommended
        ? []
        : [
            {
              name: 'APIRemovedInNextEUSReleaseInUse',
              namespace: 'openshift-kube-apiserver',
              severity: 'info',
              url: 'https://console/alerts/1',
            },
          ],
      operator_conditions: recommended
        ? []
        : [{ name: 'authentication', condition: 'Failing', reason: 'AsExpected', url: 'https://console/operators/authentication' }],
    },
    last_checked_at: '2026-11-30T10:11:12Z',
  };
}

export class FakeUpgradeRisks {
  readonly predictions = new Map<string, Prediction>();
  readonly requests: { method: string; url: string; body: string }[] = [];
  delayMs = 0;
  /** Answer every request with this status and body instead. */
  forced: { status: number; body: string } | null = null;
  private server: Server | null = null;

  get url(): string {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('fake upgrade-risks service not listening');
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(async ({ status, body }) => {
        if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: string }> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', body });
    if (this.forced) return this.forced;
    const single = /^\/cluster\/([^/]+)\/upgrade-risks-prediction$/.exec(req.url ?? '');
    if (req.method === 'GET' && single) {
      const prediction = this.predictions.get(decodeURIComponent(single[1]!));
      return prediction ? { status: 200, body: JSON.stringify(prediction) } : { status: 404, body: JSON.stringify({ detail: NO_DATA }) };
    }
    if (req.method === 'POST' && req.url === '/upgrade-risks-prediction') {
      let clusters: string[];
      try {
        clusters = (JSON.parse(body) as { clusters: string[] }).clusters;
        if (!Array.isArray(clusters)) throw new Error('no clusters');
      } catch {
        return { status: 422, body: JSON.stringify({ detail: 'invalid body' }) };
      }
      const predictions = clusters.map((id) => {
        const p = this.predictions.get(id);
        return p ? { cluster_id: id, prediction_status: 'ok', ...p } : { cluster_id: id, prediction_status: NO_DATA };
      });
      return { status: 200, body: JSON.stringify({ status: 'ok', predictions }) };
    }
    return { status: 404, body: JSON.stringify({ detail: 'Not Found' }) };
  }
}
