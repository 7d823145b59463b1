/**
 * Fake of the upgrade-risks prediction ("data-eng") service (spec 2.6.5): `GET cluster/{C}/upgrade-risks-prediction`
 * (404 for a cluster without data) and `POST upgrade-risks-prediction` with `{"clusters":[...]}` (per cluster
 * `prediction_status` `ok` with the prediction, or `No data for the cluster`). Tests may force an answer
 * (`forced`) or slow every answer down (`server.delayMs`, for timeouts).
 */
import { type FakeRequest, FakeServer } from './server.js';

export interface Prediction {
  upgrade_recommended: boolean;
  upgrade_risks_predictors: { alerts: unknown[]; operator_conditions: unknown[] };
  last_checked_at: string;
}

export const NO_DATA = 'No data for the cluster';

/** A prediction as the service gives it: not recommended with one alert and one operator condition, or recommended. */
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
  readonly server = new FakeServer((req) => this.handle(req));
  /** Answer every request with this status and JSON body instead. */
  forced: { status: number; json: unknown } | null = null;

  get url(): string {
    return `${this.server.url}/`;
  }

  get requests(): FakeRequest[] {
    return this.server.requests;
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  private handle(req: FakeRequest) {
    if (this.forced) return this.forced;
    const single = /^\/cluster\/([^/]+)\/upgrade-risks-prediction$/.exec(req.url.pathname);
    if (single && req.method === 'GET') {
      const p = this.predictions.get(single[1]!);
      return p ? { status: 200, json: p } : { status: 404, json: { detail: NO_DATA } };
    }
    if (req.url.pathname === '/upgrade-risks-prediction' && req.method === 'POST') {
      const clusters: string[] = JSON.parse(req.body || '{}').clusters ?? [];
      const predictions = clusters.map((c) => {
        const p = this.predictions.get(c);
        return p ? { cluster_id: c, prediction_status: 'ok', ...p } : { cluster_id: c, prediction_status: NO_DATA };
      });
      return { status: 200, json: { status: 'ok', predictions } };
    }
    return { status: 404, json: { detail: 'Not Found' } };
  }
}
