/** The organisations and clusters the proxy's end-to-end suites share (AMS fake + aggregator rows). */
import type { Db } from '../../../src/aggregator/storage/db.js';
import { seedReport } from '#test/helpers/seed.js';
import type { FakeAms } from '#test/fakes/ams.js';
import { BUG, BUG_EK, NOCONTENT, NOCONTENT_EK, NODES, NODES_EK, SECRET, SECRET_EK } from './content-fixture.js';

export const ORG = 11789772;
export const OTHER_ORG = 5;
export const C1 = '11111111-1111-4111-8111-111111111111';
export const C2 = '22222222-2222-4222-8222-222222222222'; // managed
export const C3 = '33333333-3333-4333-8333-333333333333'; // in AMS, no data
export const C4 = '44444444-4444-4444-8444-444444444444'; // other org

export async function seedAggregator(db: Db): Promise<void> {
  await seedReport(db, {
    org: ORG,
    cluster: C1,
    lastCheckedAt: '2024-05-02 10:11:12',
    gatheredAt: '2024-05-02 10:05:00',
    version: '4.14.6',
    hits: [
      { component: `${NODES}.report`, key: NODES_EK, details: { error_key: NODES_EK, type: 'rule' }, createdAt: '2024-04-30 08:00:00' },
      { component: `${BUG}.report`, key: BUG_EK, details: { error_key: BUG_EK, type: 'rule' } },
      { component: `${SECRET}.report`, key: SECRET_EK, details: { error_key: SECRET_EK, type: 'rule' } },
    ],
  });
  await seedReport(db, {
    org: ORG,
    cluster: C2,
    version: '4.15.1',
    hits: [
      { component: `${NODES}.report`, key: NODES_EK, details: { error_key: NODES_EK } },
      { component: `${BUG}.report`, key: BUG_EK, details: { error_key: BUG_EK } },
    ],
  });
  await seedReport(db, {
    org: OTHER_ORG,
    cluster: C4,
    hits: [{ component: `${NOCONTENT}.report`, key: NOCONTENT_EK }],
  });
}

export function seedAms(ams: FakeAms): void {
  ams.addOrg(ORG, 'int-a', 'int-b');
  ams.addOrg(OTHER_ORG, 'int-other');
  ams.subscriptions.push(
    { organization_id: 'int-a', external_cluster_id: C1, display_name: 'Production cluster 1', cluster_id: 'ocm-1', status: 'Active' },
    {
      organization_id: 'int-b',
      external_cluster_id: C2,
      display_name: 'Managed one',
      cluster_id: 'ocm-2',
      managed: true,
      status: 'Active',
    },
    { organization_id: 'int-a', external_cluster_id: C3, display_name: '', cluster_id: 'ocm-3', status: 'Active' },
    { organization_id: 'int-a', external_cluster_id: 'not-a-uuid', display_name: 'bad', cluster_id: 'ocm-x', status: 'Active' },
    { organization_id: 'int-a', external_cluster_id: '55555555-5555-4555-8555-555555555555', cluster_id: 'ocm-5', status: 'Archived' },
    { organization_id: 'int-other', external_cluster_id: C4, display_name: 'Other', cluster_id: 'ocm-4', status: 'Active' },
  );
}
