import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FileSpec {
  title?: string;
  subject?: string;
  author?: string;
  edition?: string;
  status?: string;
  translator?: string;
  source?: boolean;
  /** The catalog place, as written (so that tests can write invalid values too). */
  order?: string | number;
  sections: { id: string; title: string; body: string }[];
}

/** The text of a booklet source file, as an editor would write it. */
export function sourceFileText(spec: FileSpec): string {
  const front = [
    '---',
    `title: ${spec.title ?? 'Test booklet'}`,
    `subject: ${spec.subject ?? 'A booklet made by a test'}`,
    `author: ${spec.author ?? 'Test author'}`,
    `edition: ${spec.edition ?? '2026-11'}`,
    `status: ${spec.status ?? 'sample'}`,
    ...(spec.translator ? [`translator: ${spec.translator}`] : []),
    ...(spec.source ? ['source: true'] : []),
    ...(spec.order !== undefined ? [`order: ${spec.order}`] : []),
    '---',
    '',
  ];
  const body = spec.sections.map((s) => `# ${s.title} {#${s.id}}\n\n${s.body}\n`);
  return `${front.join('\n')}\n${body.join('\n')}`;
}

/** A temporary booklets folder: { slug: { lang: spec } }. Returns its path. */
export function makeBookletsDir(booklets: Record<string, Record<string, FileSpec>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-'));
  for (const [slug, files] of Object.entries(booklets)) {
    fs.mkdirSync(path.join(dir, slug));
    for (const [lang, spec] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, slug, `${lang}.md`), sourceFileText(spec));
    }
  }
  return dir;
}

/** A small two-language booklet (English source, Ukrainian translation). */
export function smallBooklet(): Record<string, FileSpec> {
  return {
    en: {
      title: 'Your rights',
      source: true,
      sections: [
        { id: 'intro', title: 'Introduction', body: 'You may ask for **information**. Call 916 (free of charge).' },
        { id: 'how', title: 'How to ask', body: '- In person\n- In writing\n\n1. Write\n2. Send' },
      ],
    },
    uk: {
      title: 'Ваші права',
      translator: 'Тестовий перекладач',
      sections: [
        { id: 'intro', title: 'Вступ', body: 'Ви можете звернутися по **інформацію**. Телефонуйте 916 (безкоштовно).' },
        { id: 'how', title: 'Як звернутися', body: '- Особисто\n- Письмово\n\n1. Напишіть\n2. Надішліть' },
      ],
    },
  };
}
