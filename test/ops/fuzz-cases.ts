/**
 * Malformed and hostile HTTP requests, generated from a seed so that a failure reproduces: the
 * same seed gives the same requests in the same order. Each case is the raw bytes of one request
 * (what HTTP clients refuse to send is sent as is).
 */

export interface FuzzCase {
  /** Category and a short description, printed when the case fails. */
  name: string;
  bytes: Buffer;
  /** Whether the request is complete: incomplete ones may legitimately get no answer. */
  complete: boolean;
}

/** mulberry32: small, fast, good enough to drive a fuzzer deterministically. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Target {
  /** Where the section writes and XLIFF uploads go: /api/v1/booklets/<slug>/translations/<lang>. */
  translation: string;
  sectionIds: string[];
  /** Translator keys for that language (writes are rate-limited per key). */
  keys: string[];
  /** The language's current ETag (XLIFF uploads need it to reach the parser's result). */
  etag: () => string;
}

const PATHS = [
  '/',
  '/healthz',
  '/booklets/right-to-information',
  '/booklets/right-to-information/uk',
  '/booklets/contact-the-ombudsman/ar',
  '/booklets/right-to-information/fa.pdf',
  '/booklets/contact-the-ombudsman/en.pdf',
  '/api/v1/booklets',
  '/api/v1/openapi.json',
  '/api/v1/booklets/right-to-information',
  '/api/v1/booklets/right-to-information/translations/uk',
  '/assets/site.0000.css',
  '/booklets/right-to-information/uk.0123456789abcdef.pdf',
  '/api/v1/audit',
  '/api/v1/webhooks',
];
const BAD_PERCENT = [
  '%',
  '%g',
  '%zz',
  '%E0%A4',
  '%C0%AF',
  '%FF%FE',
  '%00',
  '%%',
  '%u2215',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%c0%ae%c0%ae',
  '%2',
  '%%32%65',
];
const TRAVERSAL = [
  '/../../../../etc/passwd',
  '/booklets/../../package.json',
  '/booklets/..%2f..%2fpackage.json/en',
  '/booklets/%2e%2e/%2e%2e/etc/passwd',
  '/assets/..%2f..%2fsrc%2fserver.ts',
  '/assets/..\\..\\package.json',
  '/booklets/right-to-information/..%5c..%5c.env',
  '/booklets/%2e%2e%2f%2e%2e%2fetc%2fshadow/en',
  '/booklets/right-to-information/uk%00.pdf',
  '/booklets/right-to-information%00/uk',
  '/%2e%2e/%2e%2e/data/booklets.db',
  '/booklets/..;/..;/etc/passwd',
  '/booklets/right-to-information/....//....//etc/passwd',
  '/booklets/right-to-information/%252e%252e%252fpackage.json',
  '//etc/passwd',
  '/\\\\evil.example/x',
  '/booklets/right-to-information/uk/../../../../proc/self/environ',
  '/api/v1/booklets/..%2f..%2f..%2fhealthz',
  '/assets/site.%2e%2e.css',
];
const LANG_TAGS = [
  'xx',
  'EN',
  'en-US',
  'zh-Hant-TW',
  'a'.repeat(300),
  '123',
  'u k',
  '<script>',
  '..',
  'uk.pdf.pdf',
  'uk.zzzzzzzzzzzzzzzz.pdf',
  'uk.',
  '.pdf',
  'uk.PDF',
  'i-klingon',
  'x-private',
  'und',
  'uk-UA-u-ca-gregory',
  'fa\u0000',
  'ar%0d%0aSet-Cookie:%20x=1',
  'en.0123456789abcdef0.pdf',
  'uk.pdf?with=uk',
  '%F0%9F%98%80',
  'ru;',
  'uk\\',
];
const QUERIES = [
  '?lang=xx',
  '?lang=<script>alert(1)</script>',
  '?lang=en&lang=uk',
  '?lang[]=uk',
  '?size=a3',
  '?size=A4',
  '?size=a4&size=a5',
  '?layout=booklet&size=letter',
  '?with=uk&with=ru',
  '?with=../../etc',
  '?profile=archive&profile=accessible',
  '?__proto__[polluted]=1',
  '?constructor[prototype][x]=1',
  '?size=%00',
  '?with=%',
  `?lang=${'a'.repeat(5000)}`,
  '?size=a4&layout=pages&with=fa&profile=archive&extra=1',
  '?minor=maybe',
  '?version=draft',
  '?version=%ff',
  '?limit=-1',
  '?limit=1e309',
  '?before=NaN',
];
const METHODS = [
  'TRACE',
  'PROPFIND',
  'OPTIONS',
  'PATCH',
  'DELETE',
  'CONNECT',
  'FOO',
  'get',
  'MKCOL',
  'SEARCH',
  'LOCK',
  'PURGE',
  'M-SEARCH',
  'HEAD',
  'QUERY',
  'BREW',
];
const ACCEPT_LANGUAGE = [
  '*;q=2',
  'uk;q=abc',
  'uk;q=0.5;q=0.9, ru',
  ',,,,,',
  ';',
  'en-US,en;q=0.9,' + 'xx;q=0.1,'.repeat(500),
  'ar\u0000',
  '\u00ff\u00fe',
  'fa;q=-1',
  'en;q=1e400',
  'uk'.repeat(4000),
  '*',
  'i-default',
  'ru-RU-x-very-private-subtag-that-is-too-long',
];
const RANGES = [
  'bytes=0-',
  'bytes=-0',
  'bytes=999999999999999999999-',
  'bytes=5-1',
  'bytes=0-0,0-0,0-0',
  `bytes=${Array.from({ length: 2000 }, (_, i) => `${i}-${i}`).join(',')}`,
  'bytes=-99999999999',
  'items=0-10',
  'bytes=abc-def',
  'bytes=0-1,-1',
  'bytes=' + '0'.repeat(5000) + '-1',
  'bytes = 0 - 10',
  'bytes=1-2, 3-',
  'bytes=-',
  'bytes=0--1',
];
const ETAGS = [
  '*',
  '"',
  '""',
  'W/',
  'W/"x"',
  '"' + 'a'.repeat(8000) + '"',
  '"a", "b", *',
  '\u0000',
  'W/W/"x"',
  '"x",,,,"y"',
  `"${'"'.repeat(100)}"`,
  'null',
  'bogus-without-quotes',
];

/** JSON bodies for section writes that are broken or hostile. */
function jsonBodies(rand: () => number): string[] {
  const depth = 1000 + Math.floor(rand() * 50_000);
  return [
    '{',
    '{"title": "x", "body": ',
    '[',
    'null',
    '"just a string"',
    '123',
    'true',
    '{"title": ["array"], "body": {}}',
    '{"title": "", "body": ""}',
    '{"__proto__": {"polluted": true}, "title": "t", "body": "b"}',
    '{"constructor": {"prototype": {"x": 1}}, "title": "t", "body": "b"}',
    '['.repeat(depth) + ']'.repeat(depth),
    '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
    '{"title": "t", "body": "b", "title": "dup"}',
    `{"title": "${'x'.repeat(400)}", "body": "b"}`,
    `{"title": "t", "body": "${'y'.repeat(200_000)}"}`,
    '{"title": 1e999, "body": -0}',
    '\ufeff{"title": "t"}',
    '{"title": "\\ud800", "body": "\\udfff"}',
    '{"title": "\\u0000", "body": "\\u0000"}',
    '{title: "unquoted"}',
    "{'title': 'single'}",
    '{"title": "t", "body": "b"} trailing',
    '{"title": "t", "body": ":::nope\\n"}',
    '{"title": "t", "body": ":::contact\\nphone: \\n"}',
    '{"title": "t", "body": "[x](javascript:alert(1))"}',
  ];
}

/** XLIFF uploads that are broken or hostile: DTDs, entity bombs, external entities, deep trees. */
function xliffBodies(rand: () => number): string[] {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  const doc = (units: string) =>
    `${head}<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="uk"><file id="f">${units}</file></xliff>`;
  const depth = 1000 + Math.floor(rand() * 20_000);
  return [
    '',
    '<',
    head,
    `${head}<xliff>`,
    doc('<unit id="intro"><segment><source>x</source><target>y</target></segment>'),
    `${head}<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xliff>&lol3;</xliff>`,
    `${head}<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xliff>&xxe;</xliff>`,
    `${head}<!DOCTYPE x SYSTEM "http://127.0.0.1:1/evil.dtd"><xliff/>`,
    doc('<unit id="intro"><segment><source>&unknown;</source><target>&#0;&#xD800;&#x110000;</target></segment></unit>'),
    doc('<unit id="../../etc"><segment><source>x</source><target>y</target></segment></unit>'),
    doc('<unit id="intro">' + '<g>'.repeat(depth) + '</g>'.repeat(depth) + '</unit>'),
    `${head}<xliff ${Array.from({ length: 20_000 }, (_, i) => `a${i}="${i}"`).join(' ')}/>`,
    doc('<unit id="intro"><segment><source><![CDATA[<script>]]></source><target><![CDATA[</target>]]></target></segment></unit>'),
    doc('<unit id="intro" id="intro"><segment/></unit>'),
    '<?xml version="1.0" encoding="UTF-16"?><xliff/>',
    '\u00ff\u00fe<\u0000x\u0000',
    '<xliff>' + 'x'.repeat(300_000) + '</xliff>',
    doc('<unit id="intro"><segment><source>a</source><target>{{constructor.constructor(\'return process\')()}}</target></segment></unit>'),
    `${head}<?xml-stylesheet href="javascript:alert(1)"?><xliff/>`,
    doc('<unit id="nope"><segment><source>a</source><target>b</target></segment></unit>'),
  ];
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function request(method: string, path: string, headers: [string, string][], body?: Buffer | string, version = 'HTTP/1.1'): Buffer {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const lines = [`${method} ${path} ${version}`, 'Host: 127.0.0.1', 'Connection: close', ...headers.map(([k, v]) => `${k}: ${v}`)];
  if (payload && !headers.some(([k]) => /^(content-length|transfer-encoding)$/i.test(k))) lines.push(`Content-Length: ${payload.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload ?? Buffer.alloc(0)]);
}

/** Builds `count` cases from `seed`, mixing every category. */
export function fuzzCases(seed: number, count: number, target: Target): FuzzCase[] {
  const rand = prng(seed);
  const json = jsonBodies(rand);
  const xliff = xliffBodies(rand);
  const cases: FuzzCase[] = [];
  const done = (name: string, bytes: Buffer, complete = true) => cases.push({ name, bytes, complete });
  const randomBytes = (n: number, lo: number, hi: number) =>
    Buffer.from(Array.from({ length: n }, () => lo + Math.floor(rand() * (hi - lo + 1))));
  const key = () => pick(rand, target.keys);
  const generators: (() => void)[] = [
    () => {
      const p = pick(rand, PATHS);
      const at = Math.floor(rand() * p.length);
      const bad = p.slice(0, at) + pick(rand, BAD_PERCENT) + p.slice(at);
      done(`bad percent-encoding ${bad}`, request('GET', bad, []));
    },
    () => {
      const p = pick(rand, PATHS);
      const at = 1 + Math.floor(rand() * (p.length - 1));
      const bytes = Buffer.concat([
        Buffer.from(`GET ${p.slice(0, at)}`, 'latin1'),
        randomBytes(1 + Math.floor(rand() * 8), 0x80, 0xff),
        Buffer.from(`${p.slice(at)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, 'latin1'),
      ]);
      done(`invalid UTF-8 bytes in path ${p}`, bytes);
    },
    () => {
      const p = pick(rand, PATHS);
      const bytes = Buffer.concat([
        Buffer.from(`GET ${p}`, 'latin1'),
        randomBytes(1, 0x01, 0x1f),
        Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'latin1'),
      ]);
      done(`control byte in path ${p}`, bytes);
    },
    () => {
      const n = pick(rand, [2_000, 9_000, 17_000, 70_000]);
      done(`overlong path (${n})`, request('GET', `/booklets/${'a'.repeat(n)}/en`, []));
    },
    () => {
      const n = pick(rand, [8_000, 17_000, 40_000]);
      done(`overlong header (${n})`, request('GET', pick(rand, PATHS), [['X-Long', 'v'.repeat(n)]]));
    },
    () =>
      done(
        'too many headers',
        request(
          'GET',
          pick(rand, PATHS),
          Array.from({ length: 300 + Math.floor(rand() * 3000) }, (_, i): [string, string] => [`X-H${i}`, `${i}`]),
        ),
      ),
    () => {
      const p = pick(rand, TRAVERSAL);
      done(`path traversal ${p}`, request('GET', p, []));
    },
    () => {
      const slug = pick(rand, ['right-to-information', 'contact-the-ombudsman', 'NOT A SLUG', '-', 'a'.repeat(200), '%2e']);
      const tag = pick(rand, LANG_TAGS);
      done(
        `language tag ${slug}/${tag.slice(0, 40)}`,
        // eslint-disable-next-line no-control-regex -- a NUL in the tag is sent percent-encoded
        request('GET', `/booklets/${encodeURI(slug).replace(/%25/g, '%')}/${tag.replace(/ /g, '%20').replace(/\u0000/g, '%00')}`, []),
      );
    },
    () => {
      const q = pick(rand, QUERIES);
      const p = pick(rand, [
        '/',
        '/booklets/right-to-information',
        '/booklets/right-to-information/uk',
        '/booklets/right-to-information/ar.pdf',
        '/api/v1/booklets/right-to-information/translations/uk',
        '/api/v1/audit',
      ]);
      done(`query ${p}${q.slice(0, 60)}`, request('GET', p + q, []));
    },
    () =>
      done(
        'Accept-Language garbage',
        request('GET', pick(rand, ['/', '/booklets/right-to-information']), [['Accept-Language', pick(rand, ACCEPT_LANGUAGE)]]),
      ),
    () =>
      done(
        'Range garbage',
        request('GET', pick(rand, ['/booklets/right-to-information/en.pdf', '/booklets/contact-the-ombudsman/uk.pdf', '/']), [
          ['Range', pick(rand, RANGES)],
        ]),
      ),
    () =>
      done(
        'If-None-Match garbage',
        request('GET', pick(rand, ['/booklets/right-to-information/en.pdf', '/booklets/right-to-information/en', '/']), [
          ['If-None-Match', pick(rand, ETAGS)],
        ]),
      ),
    () =>
      done(
        'If-Range garbage',
        request('GET', '/booklets/right-to-information/en.pdf', [
          ['Range', 'bytes=0-10'],
          ['If-Range', pick(rand, ETAGS)],
        ]),
      ),
    () => {
      const m = pick(rand, METHODS);
      const p = pick(rand, PATHS);
      done(`method ${m} ${p}`, request(m, m === 'CONNECT' ? '127.0.0.1:80' : p, [['Max-Forwards', '0']]));
    },
    () => {
      const bodies = [
        'zz\r\nabc\r\n0\r\n\r\n',
        '-1\r\nabc\r\n0\r\n\r\n',
        'ffffffffffffffff\r\nabc\r\n0\r\n\r\n',
        '3\r\nabc0\r\n\r\n',
        '3;' + 'x'.repeat(20_000) + '\r\nabc\r\n0\r\n\r\n',
        '3\r\nabc\r\n0\r\nX-Trailer: ' + 'y'.repeat(20_000) + '\r\n\r\n',
        '3\nabc\n0\n\n',
      ];
      const te = pick(rand, [
        'chunked',
        'chunked, chunked',
        'gzip, chunked',
        'identity',
        ' chunked',
        'Chunked',
        'chunked\u000b',
        'x-custom',
      ]);
      const extra: [string, string][] = rand() < 0.3 ? [['Content-Length', '4']] : [];
      done(
        `chunked abuse TE=${JSON.stringify(te)}`,
        request(
          'PUT',
          `${target.translation}/sections/${pick(rand, target.sectionIds)}`,
          [['Transfer-Encoding', te], ['Content-Type', 'application/json'], ...extra],
          pick(rand, bodies),
        ),
        false,
      );
    },
    () => {
      const cl = pick(rand, ['-1', '1e3', '99999999999999999999', '10, 20', ' 5', '0x10', '']);
      done(
        `Content-Length ${JSON.stringify(cl)}`,
        request(
          'PUT',
          `${target.translation}/sections/intro`,
          [
            ['Content-Length', cl],
            ['Content-Type', 'application/json'],
          ],
          '{"title":"t"}',
        ),
        false,
      );
    },
    () =>
      done(
        'declared body never sent',
        request(
          'PUT',
          `${target.translation}/sections/intro`,
          [
            ['Content-Length', '100000'],
            ['Content-Type', 'application/json'],
          ],
          '{"title":',
        ),
        false,
      ),
    () => {
      const v = pick(rand, ['HTTP/9.9', 'HTTP/1.1x', 'HTTP/2.0', 'HTTP/0.9', 'HTTPS/1.1', 'HTTP/1.0', '']);
      done(
        `version ${JSON.stringify(v)}`,
        Buffer.from(`GET ${pick(rand, PATHS)}${v ? ` ${v}` : ''}\r\n${v === 'HTTP/1.0' ? '' : 'Host: x\r\n'}\r\n`, 'latin1'),
        v !== '',
      );
    },
    () => done('no Host header', Buffer.from(`GET ${pick(rand, PATHS)} HTTP/1.1\r\nConnection: close\r\n\r\n`, 'latin1')),
    () =>
      done(
        'header injection attempt',
        request('GET', pick(rand, PATHS), [
          ['X-A', 'b\rSet-Cookie: x=1'],
          ['Cookie', 'session=' + 'z'.repeat(100)],
        ]),
      ),
    () => {
      const body = pick(rand, json);
      const keyed = rand() < 0.5;
      const headers: [string, string][] = [
        [
          'Content-Type',
          pick(rand, [
            'application/json',
            'application/json; charset=utf-16',
            'application/json; charset=latin1',
            'application/problem+json',
            'text/plain',
            'application/x-www-form-urlencoded',
          ]),
        ],
        ['If-Match', target.etag()],
      ];
      if (keyed) headers.push(['Authorization', `Bearer ${key()}`]);
      done(
        `broken JSON (${keyed ? 'key' : 'no key'}) ${body.slice(0, 40)}`,
        request(
          'PUT',
          `${target.translation}/sections/${pick(rand, [...target.sectionIds, 'nope', '..', '%2e%2e', '<b>'])}`,
          headers,
          body,
        ),
      );
    },
    () => {
      const body = Buffer.concat([Buffer.from('{"title": "'), randomBytes(20, 0x80, 0xff), Buffer.from('", "body": "b"}')]);
      done(
        'invalid UTF-8 in JSON',
        request(
          'PUT',
          `${target.translation}/sections/${pick(rand, target.sectionIds)}`,
          [
            ['Content-Type', 'application/json'],
            ['Authorization', `Bearer ${key()}`],
            ['If-Match', target.etag()],
          ],
          body,
        ),
      );
    },
    () => {
      const body = pick(rand, xliff);
      done(
        `broken XLIFF ${body.slice(38, 80)}`,
        request(
          'PUT',
          `${target.translation}/xliff`,
          [
            ['Content-Type', pick(rand, ['application/xliff+xml', 'application/xml', 'text/xml'])],
            ['Authorization', `Bearer ${key()}`],
            ['If-Match', target.etag()],
          ],
          body,
        ),
      );
    },
    () =>
      done(
        'bad Authorization',
        request('GET', `${target.translation}?version=draft`, [
          [
            'Authorization',
            pick(rand, ['Bearer', 'Bearer ' + 'k'.repeat(5000), 'Basic YTpi', 'Bearer a b', 'Bearer \u0000', 'bearer x'.repeat(3)]),
          ],
        ]),
      ),
    () =>
      done(
        'unknown API write',
        request(
          'POST',
          pick(rand, ['/api/v1/booklets', '/api/v1/webhooks', `${target.translation}/publish`, `${target.translation}/restore`]),
          [
            ['Content-Type', 'application/json'],
            ['Authorization', `Bearer ${key()}`],
          ],
          pick(rand, json),
        ),
      ),
  ];
  while (cases.length < count) pick(rand, generators)();
  return cases;
}
