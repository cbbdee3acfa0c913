import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LOCAL_CONFIG_ANNOTATION, isPlainObject } from '@focom/krm-runtime';
import { TemplateCatalog, loadLibrary, loadTemplatePackage, templateLabel } from '@focom/domain';
import { checkTemplateAuthoring } from '@focom/rendering';
import { REPO_ROOT } from '@focom/test-support/kpt';

const LIBRARY = join(REPO_ROOT, 'packages', 'templates');

describe('the template library', () => {
  const library = loadLibrary(LIBRARY);
  const catalog = new TemplateCatalog(library.values());

  it('holds every version side by side, keyed by name and version', () => {
    expect([...library.keys()].sort()).toEqual([
      '5g-ran-du@v1.0.0',
      '5g-ran-du@v1.1.0',
      '5g-ran-du@v1.2.0',
      '5g-upf@v1.0.0',
      '5g-upf@v1.1.0',
    ]);
    for (const [key, template] of library) expect(templateLabel(template)).toBe(key);
  });

  it('keeps the newest release of a template in the folder named after it (what kpt pkg get fetches), earlier ones in <name>-<version>', () => {
    for (const name of catalog.names()) {
      expect({ name, version: loadTemplatePackage(join(LIBRARY, name)).version }).toEqual({
        name,
        version: catalog.newestRelease(name)!.version,
      });
    }
    const older = readdirSync(LIBRARY).filter((f) => !catalog.names().includes(f));
    expect(older).toEqual(['5g-ran-du-v1.0.0', '5g-ran-du-v1.1.0', '5g-upf-v1.0.0']);
  });

  it('marks every manifest local-config, so the placeholders are never applied as they are', () => {
    const unmarked: string[] = [];
    for (const folder of readdirSync(LIBRARY)) {
      for (const file of readdirSync(join(LIBRARY, folder)).filter((f) => f.endsWith('.yaml'))) {
        for (const doc of parseAllDocuments(readFileSync(join(LIBRARY, folder, file), 'utf8'))) {
          const object: unknown = doc.toJS();
          if (!isPlainObject(object) || !isPlainObject(object.metadata)) continue;
          const annotations = isPlainObject(object.metadata.annotations) ? object.metadata.annotations : {};
          if (annotations[LOCAL_CONFIG_ANNOTATION] !== 'true') unmarked.push(`${folder}/${file}`);
        }
      }
    }
    expect(unmarked).toEqual([]);
  });

  it.each([...library.keys()])('%s passes the template authoring checks', (key) => {
    expect(checkTemplateAuthoring(library.get(key)!)).toEqual([]);
  });
});
