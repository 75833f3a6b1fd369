import { memberCheckWith } from '../../src/amb/members';
import { accessDenied, AmbApiTestDouble, notFound } from '../doubles/amb-api-double';

const NETWORK = 'n-MWY63ZJZU5HGNCMBQER7IN6OIU';
const MEMBER = 'm-K46ICRRXJRCGRNNS4ES4XUUS5A';

describe("member import's network check (GetMember) over recorded responses", () => {
  it('is true when the API knows the member, false when it answers not found', async () => {
    const api = new AmbApiTestDouble().on(
      'GetMemberCommand',
      { Member: { Id: MEMBER, Name: 'org2', NetworkId: NETWORK, Status: 'AVAILABLE' } },
      notFound(`Member ${MEMBER} not found.`),
    );
    const check = memberCheckWith(api, NETWORK);
    expect(await check(MEMBER)).toBe(true);
    expect(await check(MEMBER)).toBe(false);
    expect(api.calls.map((c) => [c.name, c.input])).toEqual([
      ['GetMemberCommand', { NetworkId: NETWORK, MemberId: MEMBER }],
      ['GetMemberCommand', { NetworkId: NETWORK, MemberId: MEMBER }],
    ]);
  });

  it('is undefined ("cannot tell") when the API refuses for another reason', async () => {
    const api = new AmbApiTestDouble().on('GetMemberCommand', accessDenied());
    expect(await memberCheckWith(api, NETWORK)(MEMBER)).toBeUndefined();
  });
});
