import { capturedOutput } from '../helpers/streams';
import { languagesCommand } from '../../src/cli/languages';
import { composeServices } from '../../src/compose';
import { openDatabase } from '../../src/storage/db';

function setUp() {
  const deps = composeServices(openDatabase(':memory:'), { processMetrics: false });
  const run = (...args: string[]) => {
    const { out, err, text } = capturedOutput();
    const code = languagesCommand(deps.languageAdmin, args, out, err);
    return { code, ...text() };
  };
  return { deps, run };
}

describe('npm run booklets -- languages', () => {
  it('lists the six languages a new database starts with, in the order readers see them', () => {
    const { run } = setUp();
    const r = run('list');
    expect(r.code).toBe(0);
    expect(
      r.out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[0]),
    ).toEqual(['en', 'az', 'uk', 'ru', 'ar', 'fa']);
    expect(r.out).toMatch(/^fa {7}Arab rtl {2}فارسی \(Persian\)$/m);
  });

  it('adds Dari with its fallback, alias and calendar, and the running service knows it at once', () => {
    const { deps, run } = setUp();
    const r = run(
      'add',
      '--code',
      'prs',
      '--native',
      'دری',
      '--english',
      'Dari',
      '--script',
      'arab',
      '--fallback',
      'fa',
      '--aliases',
      'fa-AF',
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/Added prs {6}Arab rtl {2}دری \(Dari\) {2}fallback fa; aliases fa-af/);
    expect(deps.languages.match('fa-AF')?.code).toBe('prs');
    expect(deps.languages.fallbackChain('prs')).toEqual(['fa', 'en']);
    // Dari's locale file has the reader strings only: the editing pages' strings come from Persian.
    expect(deps.translator.t('prs')('admin.dashboard.title')).toBe(deps.translator.t('fa')('admin.dashboard.title'));
    expect(deps.translator.t('prs')('admin.dashboard.title')).not.toBe(deps.translator.t('en')('admin.dashboard.title'));
  });

  it('refuses a script the PDF fonts cannot draw, naming it, and adds nothing', () => {
    const { deps, run } = setUp();
    const r = run('add', '--code', 'my', '--native', 'မြန်မာ', '--english', 'Burmese', '--script', 'Mymr');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Myanmar/);
    expect(deps.languages.find('my')).toBeUndefined();
  });

  it('refuses a direction against the script, a fallback loop, a taken alias and unknown options', () => {
    const { run } = setUp();
    expect(run('add', '--code', 'ps', '--native', 'پښتو', '--english', 'Pashto', '--script', 'Arab', '--dir', 'ltr').err).toMatch(
      /dir: the Arab script is written right to left/,
    );
    expect(run('add', '--code', 'ps', '--native', 'پښتو', '--english', 'Pashto', '--script', 'Arab', '--aliases', 'fa').err).toMatch(
      /"fa" already leads to Persian/,
    );
    expect(run('add', '--code', 'ps', '--native', 'پښتو', '--english', 'Pashto', '--script', 'Arab', '--colour', 'red').err).toMatch(
      /unknown argument "--colour"/,
    );
    expect(run('add', '--code', 'p s', '--native', 'x', '--english', 'x', '--script', 'Arab').err).toMatch(
      /--code: code must be a BCP 47 language tag/,
    );
    expect(run('add', '--code', 'ps', '--native', 'پښتو', '--english', 'Pashto', '--script', 'Arab', '--numbering', 'roman').err).toMatch(
      /--numbering: numbering must be an Intl numbering system/,
    );
    expect(run('add', '--code', 'prs', '--native', 'دری', '--english', 'Dari', '--script', 'Arab', '--fallback', 'fa').code).toBe(0);
    expect(run('update', 'fa', '--fallback', 'prs').err).toMatch(/fallback: falling back to "prs" would make a loop back to "fa"/);
  });

  it('retires a language in use (readers stop seeing it) but refuses to delete it; deletes an unused one', () => {
    const { deps, run } = setUp();
    expect(run('retire', 'en').err).toMatch(/cannot be retired: the interface strings are written in it/);
    expect(run('retire', 'az')).toMatchObject({ code: 0, out: 'Retired az: readers no longer see it; every revision is kept.\n' });
    expect(deps.languages.codes()).not.toContain('az');
    expect(deps.languages.find('az')?.retired).toBe(true);
    expect(run('restore', 'az').code).toBe(0);
    expect(deps.languages.codes()).toContain('az');
    expect(run('add', '--code', 'ka', '--native', 'ქართული', '--english', 'Georgian', '--script', 'Geor').code).toBe(0);
    expect(run('update', 'ka', '--english', 'Georgian (Kartuli)').out).toMatch(/ქართული \(Georgian \(Kartuli\)\)/);
    expect(run('delete', 'ka')).toMatchObject({ code: 0, out: 'Deleted ka.\n' });
    expect(deps.languages.find('ka')).toBeUndefined();
    expect(run('delete', 'nope').code).toBe(1);
  });
});
