import { setFlagsFromString } from 'node:v8';

/**
 * Patterns in a TemplateInfo are untrusted: `(a+)+$` backtracks exponentially. V8's linear-time
 * engine (the `l` flag) runs any pattern it accepts in time linear in the input, so a pattern is
 * compiled with it or not at all. It rejects backreferences, lookarounds and the `u` flag; such
 * a pattern is reported as a schema error instead of being run.
 */
setFlagsFromString('--enable-experimental-regexp-engine');

export interface RegExpLike {
  test(input: string): boolean;
}

export function linearRegExp(pattern: string): RegExpLike {
  try {
    return new RegExp(pattern, 'l');
  } catch (error) {
    const reason = (error as Error).message.includes('linear time')
      ? 'it uses a backreference, lookaround or other construct that cannot run in linear time'
      : (error as Error).message;
    throw new Error(`pattern ${JSON.stringify(pattern)} is refused: ${reason}`);
  }
}
