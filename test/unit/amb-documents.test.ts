/** A devnet's saved AMB documents have AWS's shapes, and the documents source reads them back as the AMB API would answer. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ambDocumentsSource, networkIdOfDocuments, regionOfDocuments } from '../../src/amb/documents';
import { profileFromAmbSource } from '../../src/amb/profile';
import { ambDocuments } from '../../src/devnet/amb-documents';
import { planLayout } from '../../src/devnet/layout';

const N = 'n-AAAAAAAAAAAAAAAAAAAAAAAAAA';
const ids = {
  networkId: N,
  members: [
    {
      name: 'org1',
      memberId: 'm-BBBBBBBBBBBBBBBBBBBBBBBBBB',
      nodeId: 'nd-CCCCCCCCCCCCCCCCCCCCCCCCCC',
      adminUser: 'AdminUser',
    },
    {
      name: 'org2',
      memberId: 'm-DDDDDDDDDDDDDDDDDDDDDDDDDD',
      nodeId: 'nd-EEEEEEEEEEEEEEEEEEEEEEEEEE',
      adminUser: 'AdminUser',
    },
  ],
};

describe('AMB documents', () => {
  const layout = planLayout({ dir: '/tmp/dn', members: 2, basePort: 7050, adminUser: 'AdminUser' });
  const docs = ambDocuments(layout, ids, new Date('2026-01-02T03:04:05Z'));

  it('has get-network, list-members, and per member get-member and list-nodes, per node get-node', () => {
    expect(Object.keys(docs).sort()).toEqual(
      [
        'amb/get-network.json',
        'amb/list-members.json',
        `amb/get-member-${ids.members[0]?.memberId}.json`,
        `amb/get-member-${ids.members[1]?.memberId}.json`,
        `amb/list-nodes-${ids.members[0]?.memberId}.json`,
        `amb/list-nodes-${ids.members[1]?.memberId}.json`,
        `amb/get-node-${ids.members[0]?.nodeId}.json`,
        `amb/get-node-${ids.members[1]?.nodeId}.json`,
      ].sort(),
    );
    expect(docs['amb/get-network.json']).toMatchObject({
      Network: {
        Id: N,
        FrameworkAttributes: { Fabric: { OrderingServiceEndpoint: '127.0.0.1:7050' } },
        CreationDate: '2026-01-02T03:04:05.000Z',
      },
    });
  });

  it('reads back into the profile the AMB API would give', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-ambdocs-'));
    try {
      for (const [file, doc] of Object.entries(docs)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), JSON.stringify(doc));
      }
      const amb = path.join(dir, 'amb');
      expect(networkIdOfDocuments(amb)).toBe(N);
      expect(regionOfDocuments(amb)).toBe('us-east-1');
      const file = await profileFromAmbSource(ambDocumentsSource(amb), {
        networkId: N,
        memberId: ids.members[1]?.memberId ?? '',
        region: 'us-east-1',
        tlsChain: '/tmp/dn/devnet-tls-chain.pem',
      });
      expect(file.member).toMatchObject({ id: ids.members[1]?.memberId, name: 'org2', caEndpoint: '127.0.0.1:7070' });
      expect(file.network.orderingServiceEndpoint).toBe('127.0.0.1:7050');
      expect(file.peers).toEqual([
        { id: ids.members[1]?.nodeId, endpoint: '127.0.0.1:7072', eventEndpoint: '127.0.0.1:7072' },
      ]);
      expect(file.tls).toEqual({ chainFile: '/tmp/dn/devnet-tls-chain.pem' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
