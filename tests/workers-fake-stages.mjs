// Plain-JS twins of the fake stages in tests/helpers.ts, loadable by worker threads
// (which cannot import .ts): used through PipelineSource.factoriesModule in tests/workers*.test.ts.

const fakeDecode = {
  name: 'fake-decode',
  description: 'utf-8 decode',
  reads: ['bytes'],
  adds: ['text', 'encoding'],
  optionsSchema: { type: 'object', additionalProperties: false },
  create: () => (doc) => {
    if (doc.text !== undefined) return { ...doc, encoding: 'string' };
    const text = new TextDecoder('utf-8', { fatal: true }).decode(doc.bytes);
    return { ...doc, text, encoding: 'utf-8' };
  },
};

const fakeMeta = {
  name: 'fake-meta',
  description: 'first line is the title; "boom" in the text throws',
  reads: ['text'],
  adds: ['meta', 'entities'],
  optionsSchema: { type: 'object', additionalProperties: false, properties: { title: { enum: ['first-line'] } } },
  create: () => (doc) => {
    const text = doc.text;
    if (text.includes('boom')) throw new Error('boom found');
    const nl = text.indexOf('\n');
    const title = nl < 0 ? text : text.slice(0, nl);
    const entities = [...text.matchAll(/https?:\/\/\S+/g)].map((m) => ({
      id: '', type: 'URL', text: m[0], start: m.index, end: m.index + m[0].length, canonical: m[0], rule: 'fake.url',
    }));
    return { ...doc, meta: { title, published: null, publishedRaw: null, sourceUrl: entities[0]?.text ?? null }, entities };
  },
};

// holds about 200 MB while it runs on a text containing "HUGE" (to make a thread with a small heap limit die)
const fakeHog = {
  name: 'fake-hog',
  description: 'allocates a lot of memory for texts containing HUGE',
  reads: ['text'],
  adds: [],
  optionsSchema: { type: 'object', additionalProperties: false },
  create: () => (doc) => {
    if (!doc.text.includes('HUGE')) return doc;
    const hold = [];
    for (let i = 0; i < 200; i++) hold.push(new Array(128 * 1024).fill(i + 0.5));
    return { ...doc, diagnostics: [...doc.diagnostics, { level: 'info', code: 'fake.hog', message: `held ${hold.length} arrays` }] };
  },
};

export const factories = { 'fake-decode': fakeDecode, 'fake-meta': fakeMeta, 'fake-hog': fakeHog };
