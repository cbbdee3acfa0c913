import { TemplateCatalog, type TemplateDefinition, compareVersions, isRelease } from '.';

function template(version: string): TemplateDefinition {
  return { name: '5g-ran-du', version, description: '', parameterSchema: {}, resources: [], origin: 'library' };
}

describe('the template catalog', () => {
  it('lists versions in semver order, pre-releases before their release, names that are not semver first', () => {
    const versions = ['v1.10.0', 'v1.2.0', 'v1.2.0-rc.10', 'latest', 'v1.2.0-rc.2', 'v1.2.0-beta', 'v1.0.0', '1.1.0'];
    const catalog = new TemplateCatalog(versions.map(template));
    expect(catalog.versions('5g-ran-du').map((t) => t.version)).toEqual([
      'latest',
      'v1.0.0',
      '1.1.0',
      'v1.2.0-beta',
      'v1.2.0-rc.2',
      'v1.2.0-rc.10',
      'v1.2.0',
      'v1.10.0',
    ]);
  });

  it('defaults to the newest release, never a pre-release or a name that is not semver', () => {
    const catalog = new TemplateCatalog(['v1.0.0', 'v1.1.0', 'v1.2.0-rc.1', 'stable'].map(template));
    expect(catalog.newestRelease('5g-ran-du')?.version).toBe('v1.1.0');
    expect(new TemplateCatalog(['v1.2.0-rc.1', 'stable'].map(template)).newestRelease('5g-ran-du')).toBeUndefined();
  });
});

describe('template versions', () => {
  it('are releases when semver (a leading v allowed) without a pre-release', () => {
    expect(['v1.0.0', '1.0.0', 'v1.0.0+build.5'].filter(isRelease)).toEqual(['v1.0.0', '1.0.0', 'v1.0.0+build.5']);
    expect(['v1.0.0-rc.1', 'v1.0', 'V1.0.0', 'latest', ' v1.0.0', 'v01.0.0'].filter(isRelease)).toEqual([]);
  });

  it('compare totally: equal precedence (build metadata, the v) falls back to the text', () => {
    expect(Math.sign(compareVersions('v1.0.0+b', 'v1.0.0+a'))).toBe(1);
    expect(Math.sign(compareVersions('1.0.0', 'v1.0.0'))).toBe(-1);
    expect(compareVersions('v1.0.0', 'v1.0.0')).toBe(0);
  });

  it('follow SemVer 2.0.0: a numeric pre-release identifier with a leading zero is not semver', () => {
    expect(Math.sign(compareVersions('v1.0.0-rc.01', 'v0.0.1'))).toBe(-1);
  });
});
