/**
 * Fake of the upgrade-risks prediction ("data-eng") service (spec 2.6.5): `GET cluster/{C}/upgrade-risks-prediction`
 * (404 for a cluster without data) and `POST upgrade-risks-prediction` with `{"clusters":[...]}`.
 */
import { FakeServer, type FakeRequest } from './server.js';

export interface Prediction {
  upgrade_recommended: boolean;
  upgrade_risks_predictors: { alerts: unknown[]; operator_conditions: unknown[] };
  last_checked_at: string;
}

export class FakeUpgradeRisks {
  readonly predictions = new Map<string, Prediction>();
  readonly server = new FakeServer((req) => this.handle(req));

  get url(): string {
    return `${this.server.url}/`;
  }

  private handle(req: FakeRequest) {
    const single = /^\/cluster\/([^/]+)\/upgrade-risks-prediction$/.exec(req.url.pathname);
    if (single && req.method === 'GET') {
      const p = this.predictions.get(single[1]);
      return p ? { status: 200, json: p } : { status: 404, json: { detail: 'No data for this cluster' } };
    }
    if (req.url.pathname === '/upgrade-risks-prediction' && req.method === 'POST') {
      const clusters: string[] = JSON.parse(req.body || '{}').clusters ?? [];
      const predictions = clusters.map((c) => {
        const p = this.predictions.get(c);
        return p ? { cluster_id: c, prediction_status: 'ok', ...p } : { cluster_id: c, prediction_status: 'No data for the cluster' };
      });
      return { status: 200, json: { status: 'ok', predictions } };
    }
    return { status: 404, json: { detail: 'Not Found' } };
  }
}
