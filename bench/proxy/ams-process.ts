/**
 * The AMS fake (test/fakes/ams.ts) as its own process for the proxy bench's stack (stack.ts), so that the
 * bench's own work (seeding, captured answers, its garbage collection) never pauses it:
 * `node --import tsx bench/proxy/ams-process.ts <organisations> <clusters per organisation>`. Organisation
 * `k` (from 1) has the clusters of `benchOrgClusters` (org.ts); prints `READY <url>` once it listens, stops on SIGTERM or when its stdin ends.
 */
import { FakeAms } from '#test/fakes/ams.js';
import { benchOrgClusters, ORG } from './org.js';

const [orgs, clusters] = process.argv.slice(2).map(Number);
if (!(orgs > 0 && clusters > 0)) throw new Error('usage: ams-process.ts <organisations> <clusters per organisation>');
const ams = new FakeAms();
await ams.server.start();
ams.server.keepRequests = false;
for (let org = ORG; org < ORG + orgs; org++) {
  const name = org === ORG ? 'bench-org' : `bench-org-${org}`;
  ams.addOrg(org, name);
  for (const [i, id] of benchOrgClusters(org, clusters).entries()) {
    ams.subscriptions.push({
      organization_id: name,
      external_cluster_id: id,
      display_name: `cluster ${i}`,
      cluster_id: org === ORG ? `c${i}` : `c${org}-${i}`,
      managed: i % 10 === 0,
    });
  }
}
console.log(`READY ${ams.url}`);
process.once('SIGTERM', () => void ams.server.stop().then(() => process.exit(0)));
// The stack keeps this process's stdin open: its end means the bench is gone.
process.stdin.on('end', () => process.exit(0)).resume();
