// The review page in a real browser: Debian's chromium (installed by .ci/run), driven headless
// by playwright-core. Skipped, by name, when /usr/bin/chromium is missing.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { runCli } from '../src/cli/cli.js';
import { buildReview } from '../src/review/build.js';
import { decodeBytes } from '../src/stages/decode/decode.js';
import { captureIo, tmpDir } from './helpers.js';
import { ROOT, SEEDS, addSyntheticEvents, readRecords, seedRun } from './review-helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const CORPUS = path.resolve(ROOT, '../shared/corpus/thaigov');
const haveCorpus = existsSync(CORPUS);
/** generous: the machine is shared; nothing here asserts a time */
const WAIT = 60_000;

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** chromium with a fresh profile */
export async function launch(viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'te-chromium-')), {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport,
  });
}

interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
}

let ctx: BrowserContext;
async function open(file: string, hash = ''): Promise<Opened> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href + hash);
  return { page, errors, requests };
}

/** every request the page made was for a local file */
function onlyLocal(o: Opened): void {
  expect(o.requests.length).toBeGreaterThan(0);
  expect(o.requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
}

describe.skipIf(!haveChromium)(`review page in headless chromium${haveChromium ? '' : ` (skipped: ${CHROMIUM} is missing; .ci/run installs it)`}`, () => {
  let run: Awaited<ReturnType<typeof seedRun>>;
  let page: string;
  beforeAll(async () => {
    [ctx, run] = await Promise.all([launch(), seedRun()]);
    page = path.join(run.out, 'review', 'index.html');
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it('the index opens with no console error and no network request, lists the seeds and the failure, shows the total', async () => {
    const o = await open(page);
    const rows = o.page.locator('#doc-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: WAIT }).toBe(6);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-doc')))).toEqual([
      ...readRecords(run.out).map((r) => r.document.id), 'zz-binary',
    ]);
    expect(await o.page.locator('#total').getAttribute('data-total')).toBe('6');
    expect(await o.page.locator('#total').textContent()).toBe('6 documents in this run (5 processed, 1 failed); showing 1–6');
    expect(await rows.nth(5).locator('td.problems').textContent()).toMatch(/^TE303 \(decode\): /);
    // search, then sort by facts (numbers sort largest first)
    await o.page.fill('#search', 'ดีอีเอส');
    await expect.poll(() => rows.count(), { timeout: WAIT }).toBe(4);
    await o.page.fill('#search', '');
    await expect.poll(() => rows.count(), { timeout: WAIT }).toBe(6);
    await o.page.click('th button[data-sort="facts"]');
    expect(await o.page.locator('th[aria-sort]').textContent()).toBe('Facts');
    expect(await o.page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
    expect(await rows.first().getAttribute('data-doc')).toBe('002_a30fb1b72a50e7b4');
    expect(o.errors).toEqual([]);
    onlyLocal(o);
    await o.page.close();
  });

  it("a seed's page marks every entity once, with its type, canonical form and rule on hover", async () => {
    const rec = readRecords(run.out)[0];
    const o = await open(page, `#doc=${encodeURIComponent(rec.document.id)}`);
    const marks = o.page.locator('#doc-text [data-entity]');
    await expect.poll(() => marks.count(), { timeout: WAIT }).toBe(rec.entities.length);
    expect(await o.page.locator('#doc-text [data-entity-part]').count()).toBe(0);
    expect(await marks.evaluateAll((els) => els.map((e) => [e.getAttribute('data-entity'), e.getAttribute('data-type'), e.textContent])))
      .toEqual(rec.entities.map((e) => [e.id, e.type, e.text]));
    // the whole text is there, exactly
    const text = decodeBytes(readFileSync(path.join(SEEDS, rec.document.source))).text;
    expect(await o.page.locator('#doc-text').evaluate((e) => e.textContent)).toBe(text);
    expect(await o.page.locator('#doc-heading').textContent()).toBe(rec.document.title);
    // a DATE shows its ISO value, a POSITION its person
    expect(await o.page.locator('[data-entity="e3"]').getAttribute('data-note')).toBe('2020-09-10');
    expect(await o.page.locator('[data-entity="e5"]').getAttribute('data-note')).toBe('เนวินธุ์ ช่อชัยทิพฐ์');
    await o.page.hover('[data-entity="e3"]');
    expect(await o.page.locator('#tip').innerText()).toBe('type: DATE\ncanonical: 2020-09-10\nrule: date.dmy\nISO: 2020-09-10\nid: e3 [124, 139)');
    await o.page.hover('[data-entity="e5"]');
    expect(await o.page.locator('#tip').innerText()).toMatch(/^type: POSITION\ncanonical: ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม\nrule: position\nperson: เนวินธุ์ ช่อชัยทิพฐ์\n/);
    // the legend names every type present with its count
    const counts = new Map<string, number>();
    for (const e of rec.entities) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    const legend = await o.page.locator('.legend label[class^="t-"]').allTextContents();
    expect(legend).toEqual(['PERSON', 'POSITION', 'ORG', 'LOCATION', 'EVENT', 'PROJECT', 'DATE', 'TIME', 'NUMBER', 'MONEY', 'PERCENT', 'URL']
      .filter((t) => counts.has(t)).map((t) => `${t} ${counts.get(t)}`));
    expect(await o.page.locator('tr[data-fact]').count()).toBe(rec.facts.length);
    expect(o.errors).toEqual([]);
    onlyLocal(o);
    await o.page.close();
  });

  it('clicking a fact (or pressing Enter on its button) scrolls to and marks its evidence', async () => {
    const rec = readRecords(run.out)[0];
    const text = decodeBytes(readFileSync(path.join(SEEDS, rec.document.source))).text;
    const o = await open(page, `#doc=${encodeURIComponent(rec.document.id)}`);
    await o.page.locator('tr[data-fact="f2"]').click({ timeout: WAIT });
    const current = o.page.locator('[aria-current="true"]');
    const f2 = rec.facts.find((f) => f.id === 'f2')!;
    expect((await current.allTextContents()).join('')).toBe(text.slice(f2.evidence.start, f2.evidence.end));
    expect(await current.evaluateAll((els) => els.map((e) => `${e.tagName} ${e.getAttribute('data-evidence')}`))).toEqual(['MARK f2']);
    expect(await current.first().isVisible()).toBe(true);
    expect(await current.first().evaluate((e) => { const r = e.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; })).toBe(true);
    // the entities are all still marked, inside the evidence too
    expect(await o.page.locator('#doc-text [data-entity]').count()).toBe(rec.entities.length);
    // keyboard
    await o.page.locator('tr[data-fact="f1"] button').focus();
    await o.page.keyboard.press('Enter');
    const f1 = rec.facts[0];
    expect((await current.allTextContents()).join('')).toBe(text.slice(f1.evidence.start, f1.evidence.end));
    expect(await o.page.locator('#announce').textContent()).toBe(`Evidence of fact f1 marked in the text: characters [${f1.evidence.start}, ${f1.evidence.end})`);
    expect(o.errors).toEqual([]);
    onlyLocal(o);
    await o.page.close();
  });

  it('events (records with an events array): a row per event; clicking one marks all its evidence spans', async () => {
    const out = path.join(tmpDir('te-review-bev-'), 'out');
    expect(await runCli(['run', SEEDS, '--out', out, '--quiet', '--concurrency', '1'], captureIo().io)).toBe(0);
    addSyntheticEvents(out);
    await buildReview({ out, inputRoot: SEEDS });
    const rec = readRecords(out)[0] as ReturnType<typeof readRecords>[0] & { events: { evidence: { start: number; end: number }[] }[] };
    const text = decodeBytes(readFileSync(path.join(SEEDS, rec.document.source))).text;
    const o = await open(path.join(out, 'review', 'index.html'), `#doc=${encodeURIComponent(rec.document.id)}`);
    await o.page.locator('tr[data-event="v1"]').click({ timeout: WAIT });
    // the event's name lies inside its first evidence span: one mark each
    expect(await o.page.locator('[aria-current="true"]').evaluateAll((els) => els.map((e) => e.textContent))).toEqual(
      rec.events[0].evidence.map((s) => text.slice(s.start, s.end)),
    );
    expect((await o.page.locator('tr[data-event="v1"] td').allInnerTexts()).slice(0, 5)).toEqual([
      'v1', 'meeting\nhappened', 'การประชุมโต๊ะกลมระดับรัฐมนตรี', '2020-09-08\nonline', 'เนวินธุ์ ช่อชัยทิพฐ์ — participant, ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม',
    ]);
    expect(await o.page.locator('tr[data-fact="f1"] td').nth(1).innerText()).toBe('participation\nevent v1');
    expect(o.errors).toEqual([]);
    onlyLocal(o);
    await o.page.close();
  });

  it('evidence that starts inside an entity, and entities that cross: one data-entity each, the rest in parts', async () => {
    const out = path.join(tmpDir('te-review-cross-'), 'out');
    expect(await runCli(['run', SEEDS, '--out', out, '--quiet', '--concurrency', '1'], captureIo().io)).toBe(0);
    const recs = readRecords(out);
    const r = recs[0];
    const text = decodeBytes(readFileSync(path.join(SEEDS, r.document.source))).text;
    const person = r.entities.find((e) => e.id === 'e10')!; // นายเนวินธุ์ ช่อชัยทิพฐ์, followed by its POSITION e11
    r.facts[0].evidence = { start: person.start + 3, end: r.facts[0].evidence.end };
    // a made-up span across the end of e10 and the start of e11
    r.entities.push({ id: 'x1', type: 'PROJECT', text: text.slice(person.end - 4, person.end + 6), start: person.end - 4, end: person.end + 6, canonical: null, rule: 'test.crossing' } as never);
    writeFileSync(path.join(out, 'records.jsonl'), recs.map((x) => JSON.stringify(x)).join('\n') + '\n');
    await buildReview({ out, inputRoot: SEEDS });
    const o = await open(path.join(out, 'review', 'index.html'), `#doc=${encodeURIComponent(r.document.id)}`);
    await o.page.locator('tr[data-fact="f1"]').click({ timeout: WAIT });
    const marks = o.page.locator('#doc-text [data-entity]');
    expect(await marks.count()).toBe(r.entities.length);
    expect(await o.page.locator('[data-entity="e10"]').textContent()).toBe(person.text);
    expect(await o.page.locator('[data-entity="x1"]').textContent()).toBe(text.slice(person.end - 4, person.end));
    expect(await o.page.locator('[data-entity-part="x1"]').allTextContents()).toEqual([text.slice(person.end, person.end + 6)]);
    const current = o.page.locator('[aria-current="true"]');
    expect((await current.allTextContents()).join('')).toBe(text.slice(r.facts[0].evidence.start, r.facts[0].evidence.end));
    expect(await current.count()).toBe(2); // inside e10, then after it
    expect(o.errors).toEqual([]);
    await o.page.close();
  });

  it('the persons view, a failed document, and print', async () => {
    const o = await open(page, '#persons');
    const persons = o.page.locator('#persons-list .person');
    await expect.poll(() => persons.count(), { timeout: WAIT }).toBe(8);
    expect(await persons.first().locator('h3').textContent()).toBe('เนวินธุ์ ช่อชัยทิพฐ์');
    expect(await persons.first().locator('ul li').allTextContents()).toEqual(['ผู้ช่วยรัฐมนตรีประจำกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม (3 documents)']);
    await o.page.fill('#person-search', 'Houlin');
    await expect.poll(() => persons.count(), { timeout: WAIT }).toBe(1);
    await o.page.evaluate(() => (location.hash = '#doc=zz-binary'));
    await expect.poll(() => o.page.locator('#doc-problem').textContent(), { timeout: WAIT }).toMatch(/^This document failed: TE303 \(decode\): /);
    await o.page.evaluate(() => (location.hash = '#doc=000_6da2277b686c8378'));
    await o.page.locator('#doc-text').waitFor({ timeout: WAIT });
    await o.page.emulateMedia({ media: 'print' });
    expect(await o.page.locator('.doc-nav').isVisible()).toBe(false);
    expect(await o.page.locator('header.top nav').isVisible()).toBe(false);
    expect(await o.page.locator('.text-col').evaluate((e) => getComputedStyle(e).position)).toBe('static');
    expect(o.errors).toEqual([]);
    onlyLocal(o);
    await o.page.close();
  });

  it.skipIf(!haveCorpus)(`a 1,000-release page shows its first document and total${haveCorpus ? '' : ' (skipped: ../shared/corpus/thaigov is absent)'}`, async () => {
    const out = path.join(tmpDir('te-review-corpus-'), 'out');
    const code = await runCli(['run', CORPUS, '--out', out, '--format', 'jsonl,html', '--quiet', '--concurrency', '2'], captureIo().io);
    expect(code).toBe(0);
    const first = readFileSync(path.join(out, 'records.jsonl'), 'utf8').split('\n', 1)[0];
    const rec = JSON.parse(first) as ReturnType<typeof readRecords>[0];
    const o = await open(path.join(out, 'review', 'index.html'));
    await expect.poll(() => o.page.locator('#total').getAttribute('data-total'), { timeout: WAIT }).toBe('1000');
    expect(await o.page.locator('#total').textContent()).toBe('1,000 documents in this run (1,000 processed, 0 failed); showing 1–100');
    expect(await o.page.locator('#doc-table tbody tr').count()).toBe(100);
    await o.page.locator('#doc-table tbody tr').first().locator('a').click();
    await expect.poll(() => o.page.locator('#doc-text [data-entity]').count(), { timeout: WAIT }).toBe(rec.entities.length);
    expect(await o.page.locator('#doc-heading').textContent()).toBe(rec.document.title);
    expect(o.errors).toEqual([]);
    onlyLocal(o);
    await o.page.close();
  }, 300_000);
});
