import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOCALES_DIR, TEMPLATES_DIR } from '../../src/paths';
import { editionOf, OUTPUT_VERSION, outputVersion } from '../../src/rendering/service';
import type { ReadableBooklet } from '../../src/booklets/service';

/**
 * Outputs are kept on disk across restarts and under year-long edition URLs: a deployment that only
 * changes an interface string or a template must still give them new keys and editions.
 */
describe('the output version', () => {
  const copy = (): { locales: string; templates: string } => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'output-version-'));
    const locales = path.join(dir, 'locales');
    const templates = path.join(dir, 'templates');
    fs.cpSync(LOCALES_DIR, locales, { recursive: true });
    fs.cpSync(TEMPLATES_DIR, templates, { recursive: true });
    return { locales, templates };
  };

  it('is the same for the same files wherever they are, and is what the service uses', () => {
    const { locales, templates } = copy();
    expect(outputVersion(locales, templates)).toBe(OUTPUT_VERSION);
    expect(OUTPUT_VERSION).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes with one interface string or one template', () => {
    const a = copy();
    const uk = fs
      .readdirSync(a.locales, { recursive: true })
      .map(String)
      .find((n) => /uk/.test(n) && n.endsWith('.json')) as string;
    const file = path.join(a.locales, uk);
    // One interface string corrected, as a translator would.
    const strings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const [first] = Object.keys(strings);
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          ...strings,
          [first as string]:
            typeof strings[first as string] === 'string' ? `${String(strings[first as string])}.` : strings[first as string],
          corrected: 'так',
        },
        null,
        2,
      ),
    );
    expect(outputVersion(a.locales, a.templates)).not.toBe(OUTPUT_VERSION);
    const b = copy();
    const template = fs.readdirSync(b.templates).find((n) => n.endsWith('.hbs')) as string;
    fs.appendFileSync(path.join(b.templates, template), '\n');
    expect(outputVersion(b.locales, b.templates)).not.toBe(OUTPUT_VERSION);
  });

  it('is part of every edition: the same content gets another edition when a string changed', () => {
    const content = { slug: 's', lang: 'en', contentRevision: '1@2026-11-01T00:00:00.000Z.0' } as ReadableBooklet;
    expect(editionOf(content)).toMatch(/^[0-9a-f]{16}$/);
    expect(editionOf({ ...content })).toBe(editionOf(content));
    // The service as deployed with one interface string corrected.
    const changed = copy();
    const en = path.join(changed.locales, 'en', fs.readdirSync(path.join(changed.locales, 'en'))[0] as string);
    fs.appendFileSync(en, '\n');
    let other = '';
    jest.isolateModules(() => {
      jest.doMock('../../src/paths', () => ({
        ...jest.requireActual('../../src/paths'),
        LOCALES_DIR: changed.locales,
        TEMPLATES_DIR: changed.templates,
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the module, loaded inside isolateModules
      other = (require('../../src/rendering/service') as typeof import('../../src/rendering/service')).editionOf(content);
    });
    expect(other).toMatch(/^[0-9a-f]{16}$/);
    expect(other).not.toBe(editionOf(content));
  });
});
