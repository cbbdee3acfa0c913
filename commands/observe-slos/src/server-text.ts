/**
 * Text that came from a server (an error body, an `error` field) or that may hold a credential,
 * made safe to print: credentials masked in every form observe-slos could have sent them, and
 * terminal control characters removed. Pure; the command applies it to every line it prints.
 */

/** What a masked credential reads as. */
export const MASK = '<credentials>';

/**
 * The strings that would disclose what observe-slos sends to Prometheus: the bearer token, the
 * URL's user information (`user:password@`, as written and percent-decoded, as node sends it in
 * an `Authorization: Basic` header) and the base64 of each (standard and URL-safe, with and
 * without padding). The user name alone is listed only when there is no password: then it is
 * the secret (`https://<token>@host`).
 */
export function credentialsOf(url: URL | undefined, token: string | undefined): string[] {
  const plain: string[] = [];
  if (token) plain.push(token);
  if (url && (url.username !== '' || url.password !== '')) {
    const decoded = (part: string): string => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    };
    for (const [user, password] of [
      [url.username, url.password],
      [decoded(url.username), decoded(url.password)],
    ])
      // A user without a password is itself the secret (`https://<token>@host`).
      plain.push(`${user}:${password}`, password === '' ? user : password);
  }
  const forms = new Set<string>();
  for (const secret of plain) {
    if (secret === '') continue;
    forms.add(secret);
    const base64 = Buffer.from(secret, 'utf8').toString('base64');
    const unpadded = base64.replace(/=+$/, '');
    forms.add(base64).add(unpadded).add(unpadded.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  // Longest first, so a secret inside another is not masked half-way.
  return [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

const SCHEMES = new Set(['bearer', 'basic', 'token', 'digest', 'negotiate', 'ntlm', 'apikey']);

/**
 * `text` with every credential masked: the known `secrets` (credentialsOf) wherever they occur,
 * and, whoever's they are, an Authorization or Proxy-Authorization header's value, a
 * `Bearer <token>` or `Basic <base64>` value, and the user information of a URL.
 */
export function maskCredentials(text: string, secrets: readonly string[] = []): string {
  let masked = text;
  for (const secret of secrets) if (secret !== '') masked = masked.split(secret).join(MASK);
  masked = masked.replace(
    /(authorization["']?\s*[:=]\s*["']?)(?:([A-Za-z]+)\s+)?[^\s"',;]+/gi,
    (_match, lead: string, scheme: string | undefined) =>
      scheme !== undefined && SCHEMES.has(scheme.toLowerCase()) ? `${lead}${scheme} ${MASK}` : `${lead}${MASK}`,
  );
  masked = masked.replace(/\b(bearer|basic)(\s+)[^\s"',;]+/gi, (_match, scheme: string, space: string) => `${scheme}${space}${MASK}`);
  masked = masked.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi, (_match, scheme: string) => `${scheme}${MASK}@`);
  return masked;
}

// eslint-disable-next-line no-control-regex -- removing control sequences is the point
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])?/g;
// C0 controls but tab and newline, DEL, C1 controls, and the Unicode marks that reorder or hide text.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** `text` without terminal escape sequences and control characters (tab and newline are kept). */
export function printable(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** A server's text as one printable line: no control characters, whitespace runs as one space. */
export function serverLine(text: string): string {
  return printable(text).replace(/\s+/g, ' ').trim();
}

/** What observe-slos may print: made printable, then masked, so a secret split by a control character is masked too. */
export function safeMessage(text: string, secrets: readonly string[] = []): string {
  return maskCredentials(printable(text), secrets);
}
