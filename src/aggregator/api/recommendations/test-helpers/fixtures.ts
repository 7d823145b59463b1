/** Shared fixtures of the recommendation route tests. */
import {
  BUG_KEY,
  BUG_MODULE,
  CLUSTER_IDS,
  KUBELET_KEY,
  KUBELET_MODULE,
  NEVER_STORED_CLUSTER,
  rowCounts as countTables,
} from '#test/helpers/fixtures.js';
import { seedReport } from '#test/helpers/seed.js';
import type { Db } from '../../../storage/db.js';

export { parserMessage, rawRequest } from '#test/helpers/fixtures.js';
export { KUBELET_KEY, BUG_KEY };

export const ORG = 1;
export const OTHER_ORG = 2;
/** C1-C3 belong to ORG, C4 to OTHER_ORG. */
export const [C1, C2, C3, C4] = CLUSTER_IDS;
/** Never stored. */
export const UNKNOWN = NEVER_STORED_CLUSTER;

export const KUBELET = KUBELET_MODULE;
export const KUBELET_ID = `${KUBELET}|${KUBELET_KEY}`;
export const BUG = BUG_MODULE;
export const BUG_ID = `${BUG}|${BUG_KEY}`;

export const INJECTIONS = ["'; DROP TABLE report; --", "' OR '1'='1", '1; DELETE FROM recommendation', '") OR 1=1 --'];

/**
 * Org 1: C1 hit by KUBELET and BUG (version 4.14.3), C2 hit by KUBELET only (no report_info), C3 without hits
 * (version 4.15.0). Org 2: C4 hit by KUBELET.
 */
export async function seedAdvisor(db: Db): Promise<void> {
  await seedReport(db, {
    org: ORG,
    cluster: C1,
    lastCheckedAt: '2024-05-02 10:11:12.123456',
    reportedAt: '2024-05-03 01:02:03.5',
    version: '4.14.3',
    hits: [
      { component: `${KUBELET}.report`, key: KUBELET_KEY, createdAt: '2024-04-01 08:00:00' },
      { component: `${BUG}.report`, key: BUG_KEY, createdAt: '2024-04-02 08:00:00.25' },
    ],
  });
  await seedReport(db, {
    org: ORG,
    cluster: C2,
    lastCheckedAt: '2024-05-02 10:11:12',
    reportedAt: '2024-05-03 01:02:04',
    hits: [{ component: `${KUBELET}.report`, key: KUBELET_KEY, createdAt: null }],
  });
  await seedReport(db, { org: ORG, cluster: C3, lastCheckedAt: '2024-05-02 10:11:13.1', version: '4.15.0' });
  await seedReport(db, {
    org: OTHER_ORG,
    cluster: C4,
    lastCheckedAt: '2024-05-02 10:11:14',
    version: '4.13.0',
    hits: [{ component: `${KUBELET}.report`, key: KUBELET_KEY }],
  });
}

const TABLES = ['report', 'rule_hit', 'recommendation', 'report_info'] as const;

/** Row counts of the tables these routes read (to prove a request changed nothing). */
export const rowCounts = (db: Db) => countTables(db, TABLES);
