/** An AMB request's target: explicit values first, then the home's profile; IDs checked before any call. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireMemberId, requireNetworkId, resolveAmbTarget } from '../../src/amb/session';
import { NETWORK_ID, ORG1_ID, profileYaml } from '../helpers/bundle-fixture';
import { thrown } from '../helpers/thrown';

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-amb-target-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const withProfile = (aws = ''): void =>
  fs.writeFileSync(path.join(home, 'fabkit.yaml'), `${profileYaml(ORG1_ID, 'org1')}${aws}`);

describe('resolveAmbTarget', () => {
  it('works without a profile: IDs and settings from the request only', () => {
    const t = resolveAmbTarget({ home, region: 'us-east-1', networkId: NETWORK_ID });
    expect(t).toEqual({
      profile: undefined,
      settings: { region: 'us-east-1', endpointUrl: undefined },
      networkId: NETWORK_ID,
      memberId: undefined,
    });
    expect(requireNetworkId(t)).toBe(NETWORK_ID);
    const missing = thrown(() => requireMemberId(t));
    expect(missing).toMatchObject({ code: 'MEMBER_ID_MISSING', kind: 'usage' });
    expect(missing.message).toContain('--member-id');
  });

  it("takes the home's IDs and aws settings where the request gives none", () => {
    withProfile('aws:\n  region: eu-west-1\n  endpointUrl: http://127.0.0.1:5000\n');
    const t = resolveAmbTarget({ home, region: 'us-east-1' });
    expect(t.settings).toEqual({ region: 'us-east-1', endpointUrl: 'http://127.0.0.1:5000' });
    expect([requireNetworkId(t), requireMemberId(t)]).toEqual([NETWORK_ID, ORG1_ID]);
    expect(resolveAmbTarget({ home, memberId: 'm-CCCCCCCCCCCCCCCCCCCCCCCCC3' }).memberId).toBe(
      'm-CCCCCCCCCCCCCCCCCCCCCCCCC3',
    );
  });

  it('no network ID anywhere is a usage error naming --network-id', () => {
    const error = thrown(() => requireNetworkId(resolveAmbTarget({ home })));
    expect(error).toMatchObject({ code: 'NETWORK_ID_MISSING', kind: 'usage' });
    expect(error.message).toContain('--network-id');
  });

  it('a broken profile is reported, not ignored', () => {
    fs.writeFileSync(path.join(home, 'fabkit.yaml'), 'version: [');
    expect(() => resolveAmbTarget({ home })).toThrow();
  });
});
