/** $FABKIT_DEVNET_ADMIN_PASSWORD is held to AMB's password rule (the one onboard applies), and never quoted. */
import { FabkitError } from '../../src/errors';
import { chosenDevnetPassword } from '../../src/devnet/ids';
import { validateAdminPassword } from '../../src/validate/password';

describe('chosenDevnetPassword', () => {
  it('is undefined when the variable is unset or empty', () => {
    expect(chosenDevnetPassword({})).toBeUndefined();
    expect(chosenDevnetPassword({ FABKIT_DEVNET_ADMIN_PASSWORD: '' })).toBeUndefined();
  });

  it('returns a password that meets the rule', () => {
    expect(chosenDevnetPassword({ FABKIT_DEVNET_ADMIN_PASSWORD: 'Passw0rdOk#1' })).toBe('Passw0rdOk#1');
  });

  it.each(['short', 'Passw0rd%Percent', 'alllowercase1', 'NoDigitsHere', 'With space 1A', 'Slash/in1A'])(
    'refuses %j as a usage error naming the variable, not the password',
    (bad) => {
      let caught: unknown;
      try {
        chosenDevnetPassword({ FABKIT_DEVNET_ADMIN_PASSWORD: bad });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(FabkitError);
      const e = caught as FabkitError;
      expect(e.kind).toBe('usage');
      expect(e.code).toBe('INVALID_ADMIN_PASSWORD');
      expect(e.message).toContain('FABKIT_DEVNET_ADMIN_PASSWORD is invalid');
      expect(JSON.stringify({ m: e.message, h: e.hint, d: e.details })).not.toContain(bad);
      // the same verdict as onboard's rule
      expect(validateAdminPassword(bad).length).toBeGreaterThan(0);
    },
  );
});
