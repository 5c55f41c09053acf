import fs from 'node:fs';
import * as fontkit from 'fontkit';
import { fontScriptOf } from '../../../src/rendering/bidi/script';
import { canShowCharacter, unshownCharacters } from '../../../src/rendering/coverage';
import { FAMILY_NAMES, FONT_FAMILIES, fontFamilyForScript, scriptSupport } from '../../../src/rendering/fonts/families';
import { FONT_FILES, FONT_KEYS, fontKeyFor } from '../../../src/rendering/pdf/text/fonts';
import { runFont } from '../../../src/rendering/bidi';
import { fontScriptFor } from '../../../src/rendering/pdf/text/text';
import { scriptProblem } from '../../../src/rendering/script-support';

// The registry of font families by Unicode script (src/rendering/fonts/families.ts).

describe('the font families', () => {
  it.each(FAMILY_NAMES)('%s: its files are installed, and its line height clears the ascent and descent of its regular face', (name) => {
    const family = FONT_FAMILIES[name];
    for (const file of Object.values(family.files)) expect(() => require.resolve(file)).not.toThrow();
    const font = fontkit.create(fs.readFileSync(require.resolve(family.files.regular)));
    expect(family.lineHeight).toBeGreaterThanOrEqual((font.ascent - font.descent) / font.unitsPerEm);
    // The sample is in the family's script and the family draws all of it.
    for (const char of family.sample.replace(/[\s\d]/g, '')) expect(font.hasGlyphForCodePoint(char.codePointAt(0) as number)).toBe(true);
  });

  it('lists every script once, and only scripts the language registry would accept', () => {
    const scripts = FAMILY_NAMES.flatMap((n) => FONT_FAMILIES[n].scripts);
    expect(new Set(scripts).size).toBe(scripts.length);
    for (const s of scripts) expect(scriptSupport(s)).toEqual({ ok: true, family: fontFamilyForScript(s) });
  });

  it('gives every family a regular and a bold file, and italic runs of families without italics the upright face', () => {
    for (const name of FAMILY_NAMES) {
      expect(FONT_KEYS).toContain(`${name}-regular`);
      expect(FONT_KEYS).toContain(`${name}-bold`);
    }
    expect(fontKeyFor(runFont('latin', true, true))).toBe('latin-bold-italic');
    expect(fontKeyFor(runFont('georgian', false, true))).toBe('georgian-regular');
    expect(fontKeyFor(runFont('hebrew', true, true))).toBe('hebrew-bold');
    expect(FONT_FILES['georgian-bold']).toMatch(/NotoSansGeorgian_700Bold\.ttf$/);
  });

  it('reuses one frozen RunFont per family and style', () => {
    expect(runFont('ethiopic', true, false)).toBe(runFont('ethiopic', true, false));
    expect(Object.isFrozen(runFont('armenian', false, false))).toBe(true);
    expect(runFont('armenian', false, false).script).toBe('armenian');
  });
});

describe('a language script', () => {
  it('maps to its family; Cyrillic and Greek to Noto Sans, a script without a family to the fallback', () => {
    expect(fontScriptFor('Geor')).toBe('georgian');
    expect(fontScriptFor('Ethi')).toBe('ethiopic');
    expect(fontScriptFor('Hebr')).toBe('hebrew');
    expect(fontScriptFor('Cyrl')).toBe('latin');
    expect(fontScriptFor('Arab')).toBe('arabic');
    expect(fontScriptFor('Tibt')).toBe('latin');
    expect(fontFamilyForScript('Tibt')).toBeUndefined();
  });

  it('is refused with a reason that names it: Myanmar, which fontkit cannot shape', () => {
    const support = scriptSupport('Mymr');
    expect(support.ok).toBe(false);
    expect(!support.ok && support.reason).toBe('no font for the Myanmar script (Mymr): fontkit cannot shape it');
    expect(scriptProblem('Mymr')).toMatch(/Myanmar/);
  });

  it('is refused when no font is installed for it, or when it is no script code at all', () => {
    expect(scriptSupport('Tibt')).toEqual({ ok: false, reason: 'no font installed for the Tibetan script (Tibt)' });
    expect(scriptSupport('Xyzw')).toEqual({ ok: false, reason: '"Xyzw" is not an ISO 15924 script code that Unicode knows' });
    expect(scriptSupport('geor').ok).toBe(false);
    expect(scriptProblem('Armn')).toBeNull();
  });
});

describe('the family of a character', () => {
  it('is the family of its script', () => {
    const family = (text: string): (string | null)[] => [...text].map((c) => fontScriptOf(c.codePointAt(0) as number));
    expect(family('aЖλ')).toEqual(['latin', 'latin', 'latin']);
    expect(family('ბ')).toEqual(['georgian']);
    expect(family('Ա։')).toEqual(['armenian', 'armenian']); // the Armenian full stop is Armenian
    expect(family('ሰ።')).toEqual(['ethiopic', 'ethiopic']);
    expect(family('א')).toEqual(['hebrew']);
    expect(family('ب،ـ٣')).toEqual(['arabic', 'arabic', 'arabic', 'arabic']); // comma and tatweel are used by Arabic only
    expect(family('ཀ')).toEqual(['latin']); // no Tibetan family: the fallback, which reports it missing
  });

  it('is none for shared characters: spaces, digits, punctuation, combining marks, ZWNJ', () => {
    for (const c of [' ', '9', '.', '(', '-', '\u0301', '\u064E', '\u200C', '·'])
      expect(fontScriptOf(c.codePointAt(0) as number)).toBeNull();
  });
});

describe('the missing-character check', () => {
  it('checks each character against the family drawn for it', () => {
    expect(canShowCharacter('ა', 'latin')).toBe(true); // drawn with Noto Sans Georgian
    expect(canShowCharacter('ሰ', 'arabic')).toBe(true);
    expect(canShowCharacter('א', 'latin')).toBe(true);
    expect(canShowCharacter('ཀ', 'latin')).toBe(false); // Tibetan: no family draws it
    expect(canShowCharacter('ཀ', 'georgian')).toBe(false);
    expect(canShowCharacter('9', 'ethiopic')).toBe(true);
    expect(canShowCharacter('😀', 'hebrew')).toBe(false);
  });

  it('checks a neutral character in the family of the letter before it, as the layout draws it', () => {
    expect(unshownCharacters('Say مرحباً to ნინო: 916 ཀ!', 'latin')).toEqual([{ char: 'ཀ', index: 24 }]);
    expect(canShowCharacter('\u064B', 'latin')).toBe(false); // a harakah alone in Latin text would be a box
  });
});
