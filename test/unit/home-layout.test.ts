import {
  channelFiles,
  defaultBundleFileOf,
  homeFoldersOf,
  importedMemberFiles,
  packageFileOf,
  profilePathOf,
  profileTempPathOf,
  sdkLogFileOf,
  userMspDirOf,
} from '../../src/config/home-layout';

const H = '/home/ec2-user';
const home = { home: H, paths: homeFoldersOf(H, { mspDir: 'admin-msp', membersDir: 'members', artifactsDir: 'art' }) };
const M = 'm-AAAAAAAAAAAAAAAAAAAAAAAAAA';

describe('home layout', () => {
  it('places the profile, logs, bundle and user MSPs in the home', () => {
    expect(profilePathOf(H)).toBe(`${H}/fabkit.yaml`);
    expect(profileTempPathOf(H, '12.ab')).toBe(`${H}/.fabkit.yaml.12.ab.tmp`);
    expect(sdkLogFileOf(H)).toBe(`${H}/logs/fabric-sdk.log`);
    expect(defaultBundleFileOf(H, M)).toBe(`${H}/member-bundle-${M}.json`);
    expect(userMspDirOf(H, 'user1')).toBe(`${H}/users/user1/msp`);
  });

  it('resolves the folders of paths: against the home; absolute ones stay', () => {
    expect(homeFoldersOf(H, { mspDir: '/srv/msp', membersDir: 'm', artifactsDir: 'a/b' })).toEqual({
      mspDir: '/srv/msp',
      membersDir: `${H}/m`,
      artifactsDir: `${H}/a/b`,
    });
  });

  it("an imported member's files", () => {
    expect(importedMemberFiles(home, M)).toEqual({
      dir: `${H}/members/${M}`,
      memberFile: `${H}/members/${M}/member.json`,
      mspDir: `${H}/members/${M}/msp`,
      tlsRootFile: `${H}/members/${M}/tls-root.pem`,
    });
  });

  it("a channel's files under the artifacts folder", () => {
    const f = channelFiles(home, 'mychannel');
    expect(f.dir).toBe(`${H}/art/mychannel`);
    expect(f.configtx).toBe(`${H}/art/mychannel/configtx.yaml`);
    expect(f.tx).toBe(`${H}/art/mychannel/mychannel.tx`);
    expect(f.genesisBlock).toBe(`${H}/art/mychannel/mychannel.block`);
    expect(f.genesisPartial).toBe(`${H}/art/mychannel/mychannel.block.partial`);
    expect(f.createdBlock).toBe(`${H}/art/mychannel/mychannel.block.created`);
    expect(f.fetchedBlock('newest')).toBe(`${H}/art/mychannel/mychannel_newest.block`);
    expect(f.deployRecord('mycc')).toBe(`${H}/art/mychannel/chaincode-mycc.json`);
    expect(f.chaincodePackage('mycc_1')).toBe(`${H}/art/mychannel/mycc_1.tgz`);
    expect(packageFileOf(home, 'mycc_1')).toBe(`${H}/art/mycc_1.tgz`);
  });
});
