/**
 * What observe-slos prints of a server's text: credentials masked in every form it could have
 * sent them (bearer token, URL user information, their base64), terminal control removed.
 */
import { MASK, credentialsOf, maskCredentials, printable, safeMessage, serverLine } from './server-text';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('credentials observe-slos holds', () => {
  it('are the token, the user information as written and as sent, and the base64 of each', () => {
    const secrets = credentialsOf(new URL('http://ops%40site:p%40ss@prometheus:9090/'), 'tok3n');
    for (const form of [
      'tok3n',
      b64('tok3n'),
      'ops%40site:p%40ss',
      'ops@site:p@ss',
      'p@ss',
      b64('ops@site:p@ss'),
      b64('ops%40site:p%40ss'),
    ])
      expect(secrets).toContain(form);
    expect(secrets).not.toContain('ops@site');
    expect(credentialsOf(new URL('http://prometheus:9090/'), undefined)).toEqual([]);
    expect(credentialsOf(new URL('https://glpat-0123456789@prometheus/'), undefined)).toContain('glpat-0123456789');
    const lengths = secrets.map((s) => s.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
  });
});

describe('masking', () => {
  const url = new URL('http://admin:hunter2-secret@127.0.0.1:9090');
  const secrets = credentialsOf(url, 'the-bearer-token');

  it.each([
    ['a Basic header echoed', `you sent Authorization: Basic ${b64('admin:hunter2-secret')}`],
    ['a base64 of the user information alone', `credential ${b64('admin:hunter2-secret')} rejected`],
    ['URL-safe base64 without padding', `got ${b64('admin:hunter2-secret').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}`],
    ['the URL with its user information', 'cannot reach http://admin:hunter2-secret@127.0.0.1:9090/api/v1/query'],
    ['the password alone', 'password hunter2-secret is wrong'],
    ['the bearer token', 'token the-bearer-token expired'],
    ['the base64 of the token', `token ${b64('the-bearer-token')} expired`],
    ['a JSON echo of the headers', `{"headers":{"authorization":"Bearer the-bearer-token"}}`],
  ])('hides %s', (_what, text) => {
    const masked = maskCredentials(text, secrets);
    for (const secret of secrets) expect(masked).not.toContain(secret);
    expect(masked).toContain(MASK);
  });

  it('hides credentials it does not know, in any Authorization header, Bearer or Basic value, or URL', () => {
    expect(maskCredentials('Authorization: Bearer abc.def.ghi')).toBe(`Authorization: Bearer ${MASK}`);
    expect(maskCredentials('proxy-authorization=Basic dXNlcjpwdw==; next')).toBe(`proxy-authorization=Basic ${MASK}; next`);
    expect(maskCredentials('"Authorization": "raw-token-without-scheme"')).toBe(`"Authorization": "${MASK}"`);
    expect(maskCredentials('bearer xyz and basic dXNlcjpwdw==')).toBe(`bearer ${MASK} and basic ${MASK}`);
    expect(maskCredentials('see https://u:p@host/x and ftp://only-user@host')).toBe(`see https://${MASK}@host/x and ftp://${MASK}@host`);
  });

  it('leaves text without credentials as it is', () => {
    const text = 'Prometheus at http://127.0.0.1:9090 answered HTTP 500: query timed out';
    expect(maskCredentials(text, credentialsOf(new URL('http://127.0.0.1:9090'), undefined))).toBe(text);
  });
});

describe('control characters', () => {
  it('are removed, escape sequences whole', () => {
    expect(printable('a\u001b[31mred\u001b[0m b\u001b]0;title\u0007c\u0000d\re\u0085f\u202eg\u001bZ\th\ni')).toBe('ared bcdefg\th\ni');
    expect(serverLine('one\n\ttwo\u001b[2J  three ')).toBe('one two three');
  });

  it('cannot hide a credential from the mask by splitting it', () => {
    const secrets = credentialsOf(undefined, 'split-token');
    expect(safeMessage('token spl\u001b[0mit-token', secrets)).toBe(`token ${MASK}`);
  });
});
