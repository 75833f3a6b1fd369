import { assertAdminPassword, validateAdminPassword } from '../../src/validate/password';
import { thrown } from '../helpers/thrown';

describe('validateAdminPassword', () => {
  it.each(['Password1', 'Abcdefg1', 'Zz9!#$&*()[]{}', `Aa1${'x'.repeat(29)}`, 'ÄbcdefG1'])('accepts %s', (pw) => {
    expect(validateAdminPassword(pw)).toEqual([]);
    expect(() => assertAdminPassword(pw)).not.toThrow();
  });

  it.each<[string, string[]]>([
    ['Abcdef1', ['length']],
    [`Aa1${'x'.repeat(30)}`, ['length']],
    ['abcdefg1', ['uppercase']],
    ['ABCDEFG1', ['lowercase']],
    ['Abcdefgh', ['digit']],
    ["Abcdefg1'", ['forbidden-characters']],
    ['Abcdefg1"', ['forbidden-characters']],
    ['Abcdefg1/', ['forbidden-characters']],
    ['Abcdefg1\\', ['forbidden-characters']],
    ['Abcdefg1@', ['forbidden-characters']],
    ['Abcdefg1%', ['forbidden-characters']],
    ['Abcd efg1', ['forbidden-characters']],
    ['Abcd\tefg1', ['forbidden-characters']],
    ['', ['length', 'uppercase', 'lowercase', 'digit']],
    ['a b', ['length', 'uppercase', 'digit', 'forbidden-characters']],
  ])('refuses %j (%j)', (pw, expected) => {
    const issues = validateAdminPassword(pw);
    expect(issues.map((i) => i.rule)).toEqual(expected);
    expect(issues.every((i) => i.code === 'INVALID_ADMIN_PASSWORD' && i.severity === 'error')).toBe(true);
  });

  it('names the rule broken', () => {
    expect(validateAdminPassword('abcdefg1')[0]?.message).toBe(
      'Admin password is invalid: it must contain at least one uppercase letter',
    );
  });

  it('assertAdminPassword throws a usage error listing every rule', () => {
    const error = thrown(() => assertAdminPassword('abc'));
    expect(error.code).toBe('INVALID_ADMIN_PASSWORD');
    expect(error.kind).toBe('usage');
    expect(error.message).toBe(
      'Admin password is invalid: it must be 8 to 32 characters long; it must contain at least one uppercase letter; it must contain at least one digit',
    );
    expect(error.hint).toContain('8 to 32');
  });

  // Distinctive passwords that break each rule; none is a substring of any fixed message text.
  const secrets = [
    'qZx7',
    'qzxwvuts7k',
    'QZXWVUTS7K',
    'QzxwvutsKk',
    "Qzx7'wvuts",
    'Qzx7"wvuts',
    'Qzx7/wvuts',
    'Qzx7\\wvuts',
    'Qzx7@wvuts',
    'Qzx7%wvuts',
    'Qzx7 wvuts',
    `Qzx7${'w'.repeat(40)}`,
    'q\'"/\\@% ',
  ];

  it.each(secrets)('never leaks the password %j into issues or errors', (secret) => {
    const issues = validateAdminPassword(secret);
    expect(issues.length).toBeGreaterThan(0);
    const error = thrown(() => assertAdminPassword(secret));
    const everything = [
      JSON.stringify(issues),
      JSON.stringify(error),
      error.message,
      error.hint ?? '',
      JSON.stringify(error.details),
      String(error.stack),
    ].join('\n');
    expect(everything).not.toContain(secret);
    // Not even the password minus its forbidden characters, nor its length.
    expect(everything).not.toContain(secret.replace(/['"/\\@%\s]/g, ''));
    expect(everything).not.toContain(`(${[...secret].length})`);
  });
});
