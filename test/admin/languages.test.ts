import { adminSetup, field, PASSWORD, signIn, visibleText } from './helpers';

const { app, deps } = adminSetup();
deps.admin.users.create({ name: 'root', role: 'admin', password: PASSWORD });

const armenian = {
  code: 'hy',
  nativeName: 'Հայերեն',
  englishName: 'Armenian',
  script: 'Armn',
  dir: '',
  fallback: 'ru',
  aliases: 'hy-AM',
  numbering: '',
  calendar: '',
};

describe('/admin/languages', () => {
  it('shows every language with its settings to anyone signed in; only admins get the forms', async () => {
    const translator = await signIn(app, { username: 'olena', password: PASSWORD });
    const page = await translator.get('/admin/languages?lang=en');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<span lang="fa" dir="rtl">فارسی</span>');
    expect(page.text).toContain('aria-current="page">Languages</a>');
    expect(page.text).not.toContain('name="nativeName"');
    const csrf = field((await translator.get('/admin')).text, 'csrf');
    expect(
      (
        await translator
          .post('/admin/languages')
          .type('form')
          .send({ csrf, ...armenian })
      ).status,
    ).toBe(403);
  });

  it('an admin adds a language; a refused form comes back with everything typed and the reason', async () => {
    const root = await signIn(app, { username: 'root', password: PASSWORD });
    let page = await root.get('/admin/languages?lang=uk');
    expect(page.text).toContain('name="nativeName"');
    const csrf = field(page.text, 'csrf');
    const refused = await root
      .post('/admin/languages?lang=en')
      .type('form')
      .send({ csrf, ...armenian, script: 'Mymr' });
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toMatch(/Nothing was changed/);
    expect(refused.text).toMatch(/Myanmar/);
    expect(field(refused.text, 'nativeName')).toBe('Հայերեն');
    expect(field(refused.text, 'aliases')).toBe('hy-AM');
    expect(deps.languages.find('hy')).toBeUndefined();

    const added = await root
      .post('/admin/languages')
      .type('form')
      .send({ csrf, ...armenian });
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe('/admin/languages?done=added');
    expect(deps.languages.get('hy')).toMatchObject({ nativeName: 'Հայերեն', dir: 'ltr', fallback: 'ru', aliases: ['hy-am'] });
    expect(deps.languages.match('hy-AM')?.code).toBe('hy');
    page = await root.get('/admin/languages?done=added&lang=en');
    expect(visibleText(page.text)).toMatch(/The language was added/);
  });

  it('an admin changes a language (the code stays) and retires and restores one', async () => {
    const root = await signIn(app, { username: 'root', password: PASSWORD });
    const edit = await root.get('/admin/languages/uk?lang=en');
    expect(field(edit.text, 'code')).toBe('uk');
    const csrf = field(edit.text, 'csrf');
    const saved = await root.post('/admin/languages/uk').type('form').send({
      csrf,
      code: 'xx',
      nativeName: 'Українська мова',
      englishName: 'Ukrainian',
      script: 'Cyrl',
      dir: 'ltr',
      fallback: '',
      aliases: 'uk-UA',
      numbering: '',
      calendar: '',
    });
    expect(saved.status).toBe(303);
    expect(deps.languages.get('uk')).toMatchObject({ nativeName: 'Українська мова', aliases: ['uk-ua'] });
    expect(deps.languages.find('xx')).toBeUndefined();
    expect((await root.post('/admin/languages/uk/retire').type('form').send({ csrf })).status).toBe(303);
    expect(deps.languages.isActive('uk')).toBe(false);
    const refused = await root.post('/admin/languages/en/retire?lang=en').type('form').send({ csrf });
    expect(refused.status).toBe(409);
    expect(refused.text).toMatch(/cannot be retired/);
    expect((await root.post('/admin/languages/uk/restore').type('form').send({ csrf })).status).toBe(303);
    expect(deps.languages.isActive('uk')).toBe(true);
  });
});
