// Screenshots of the review page for docs/ (docs/review-index.png, docs/review-document.png):
// runs the seeds (and an empty file) with --format jsonl,html into a temporary folder and photographs the page in
// Debian's headless chromium. Usage: npm run build && node scripts/review-screenshots.mjs
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// the seeds and an empty file (a failure, to show one in the index)
const tmp = mkdtempSync(path.join(os.tmpdir(), 'te-shots-'));
const inputs = path.join(tmp, 'in');
const out = path.join(tmp, 'out');
cpSync(path.join(root, 'fixtures/seeds'), inputs, { recursive: true });
writeFileSync(path.join(inputs, 'zz-empty.txt'), '');
try {
  execFileSync(process.execPath, [path.join(root, 'dist/cli/main.js'), 'run', inputs, '--out', out, '--format', 'jsonl,html', '--quiet']);
} catch (e) {
  if (e.status !== 2) throw e; // 2: the empty file failed, as intended
}
const ctx = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'te-chromium-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 760 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await ctx.newPage();
const url = pathToFileURL(path.join(out, 'review', 'index.html')).href;
await page.goto(url);
await page.locator('#doc-table tbody tr').first().waitFor();
await page.screenshot({ path: path.join(root, 'docs/review-index.png') });
await page.goto(`${url}#doc=000_6da2277b686c8378`);
await page.locator('#doc-text').waitFor();
await page.setViewportSize({ width: 1280, height: 1000 });
await page.locator('tr[data-fact="f1"]').click();
await page.evaluate(() => window.scrollTo(0, 0));
// (hover() would scroll the window to the entity)
await page.locator('[data-entity="e7"]').dispatchEvent('mouseover');
await page.screenshot({ path: path.join(root, 'docs/review-document.png') });
await ctx.close();
console.log('docs/review-index.png, docs/review-document.png');
