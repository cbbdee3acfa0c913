import { compareCodePoints } from './order';

/** A template version read as Semantic Versioning 2.0.0, with or without a leading `v`. */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers (`rc.1` is `['rc', '1']`); empty for a release. */
  prerelease: string[];
}

const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseSemver(version: string): SemVer | undefined {
  const match = SEMVER.exec(version);
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] === undefined ? [] : match[4].split('.'),
  };
}

/** A release: semver without a pre-release part (`v1.1.0`, not `v1.2.0-rc.1` or `latest`). */
export function isRelease(version: string): boolean {
  const parsed = parseSemver(version);
  return parsed !== undefined && parsed.prerelease.length === 0;
}

/**
 * Semver precedence; versions that are not semver sort before every semver version, among
 * themselves by code point, so the order is total and deterministic.
 */
export function compareVersions(a: string, b: string): number {
  const left = parseSemver(a);
  const right = parseSemver(b);
  if (!left || !right) {
    if (left) return 1;
    if (right) return -1;
    return compareCodePoints(a, b);
  }
  const core = left.major - right.major || left.minor - right.minor || left.patch - right.patch;
  if (core !== 0) return Math.sign(core);
  const byPrerelease = comparePrerelease(left.prerelease, right.prerelease);
  // Equal precedence (build metadata differs, or `v` does): fall back to the text.
  return byPrerelease !== 0 ? byPrerelease : compareCodePoints(a, b);
}

function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length === 0 ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const order = compareIdentifier(a[i], b[i]);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

function compareIdentifier(a: string, b: string): number {
  const numericA = /^\d+$/.test(a);
  const numericB = /^\d+$/.test(b);
  if (numericA && numericB) return Math.sign(Number(a) - Number(b));
  if (numericA) return -1;
  if (numericB) return 1;
  return compareCodePoints(a, b);
}
