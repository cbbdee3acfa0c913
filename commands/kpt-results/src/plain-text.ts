/**
 * Untrusted text (a result's message, a path) without terminal control characters: escape
 * sequences and the like become a space. Line breaks are kept; each format escapes them its way.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export function withoutControls(text: string): string {
  return text.replace(CONTROL, ' ');
}
