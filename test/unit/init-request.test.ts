/** Which source `fabkit init` uses for which flags (pure: no file is read, no API called). */
import { localInitSource } from '../../src/workflows/init-request';
import { thrown } from '../helpers/thrown';

const IDS = { networkId: 'n-ABCDEFGHIJKLMNOPQRSTUVWXYZ', memberId: 'm-AAAAAAAAAAAAAAAAAAAAAAAAA1' };

describe('the source of fabkit init', () => {
  it('a devnet network.json with its member', () => {
    expect(localInitSource({ fromDevnet: 'd/network.json', member: 'org1', runtime: 'docker' })).toEqual({
      kind: 'devnet',
      networkFile: 'd/network.json',
      member: 'org1',
      runtime: 'docker',
    });
  });

  it('the Managed Blockchain API for network and member IDs without endpoints (undefined: needs the API)', () => {
    expect(localInitSource({ ...IDS, tlsChain: 'chain.pem' })).toBeUndefined();
  });

  it('the flags once an endpoint is given, missing ones left for the flags source to name', () => {
    expect(localInitSource({ ...IDS, caEndpoint: 'ca:1', peerEndpoints: ['p:1'] })).toEqual({
      kind: 'flags',
      flags: {
        ...IDS,
        memberName: '',
        caEndpoint: 'ca:1',
        ordererEndpoint: '',
        peerEndpoints: ['p:1'],
        tlsChain: '',
        fabricVersion: undefined,
        runtime: undefined,
      },
    });
  });

  it('the flags when only a network ID is given', () => {
    expect(localInitSource({ networkId: IDS.networkId })).toMatchObject({ kind: 'flags' });
  });

  it('nothing to go on, or a devnet without a member, is a usage error', () => {
    expect(thrown(() => localInitSource({}))).toMatchObject({ code: 'INIT_SOURCE_MISSING', kind: 'usage' });
    expect(thrown(() => localInitSource({ memberId: IDS.memberId }))).toMatchObject({ code: 'INIT_SOURCE_MISSING' });
    expect(thrown(() => localInitSource({ fromDevnet: 'd' }))).toMatchObject({
      code: 'INIT_MEMBER_MISSING',
      kind: 'usage',
    });
  });
});
