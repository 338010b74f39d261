/**
 * Releases from any website and saved HTML pages (fixtures/web): our own synthetic pages in the
 * style of ministry, provincial, portal and PR-wire sites, with gold values.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isThaiExtractError, loadPipeline, processDocument, processText, type DocRecord } from '../src/index.js';
import { extractHtml, findInputs, identityView, joinSplitWords, normalise, viewSpanToInput } from '../src/api/stages.js';
import { loadDict } from '../src/stages/segment/dict.js';

const WEB = path.resolve(__dirname, '../fixtures/web');
const pipeline = loadPipeline();

function run(file: string) {
  const out = processDocument(pipeline, { source: path.basename(file), bytes: new Uint8Array(readFileSync(file)) });
  if (!out.ok) throw new Error(out.message);
  return out;
}

const dayDates = (r: DocRecord) =>
  [...new Set(r.entities.filter((e) => e.type === 'DATE' && e.value?.precision === 'day').flatMap((e) => [e.value!.iso, e.value!.end].filter((x): x is string => typeof x === 'string')))].sort();
const persons = (r: DocRecord) => [...new Set(r.entities.filter((e) => e.type === 'PERSON').map((e) => e.canonical))].sort();
const orgs = (r: DocRecord) => [...new Set(r.entities.filter((e) => e.type === 'ORG').map((e) => e.canonical))].sort();

describe('synthetic web pages (fixtures/web/gold)', () => {
  const golds = readdirSync(path.join(WEB, 'gold')).filter((f) => f.endsWith('.json')).sort();
  it('has the pages the issue names', () => expect(golds.length).toBe(19));
  for (const g of golds) {
    const gold = JSON.parse(readFileSync(path.join(WEB, 'gold', g), 'utf8'));
    it(`${g}: published, publishedFrom, title, persons, dates`, () => {
      const { record } = run(path.resolve(WEB, 'gold', gold.input));
      expect(record.document.published).toBe(gold.published);
      expect(record.document.publishedFrom).toBe(gold.publishedFrom);
      expect(record.document.title).toBe(gold.title);
      expect(persons(record)).toEqual([...gold.persons].sort());
      expect(dayDates(record)).toEqual([...gold.dates].sort());
      expect(record.document.extractedFrom).toBe(gold.input.endsWith('.html') ? 'html' : undefined);
      // nothing from the synthetic furniture of the HTML pages
      expect(JSON.stringify(record.entities)).not.toMatch(/ตัวอย่าง|สคริปต์|ทดลอง|2024-02-0[12]|2022-12-02/);
    });
  }
});

describe('saved HTML pages of seeds', () => {
  const cases = [
    ['seed-000-ministry.html', '000_6da2277b686c8378.txt'],
    ['seed-001-blog.html', '001_ad5d9933e7ef98c6.txt'],
    ['seed-004-portal.html', '004_f3077c6f530dc5d9.txt'],
  ];
  for (const [html, seed] of cases) {
    it(`${html} gives the seed's persons, organisations, dates and published date, nothing from the furniture`, () => {
      const page = run(path.join(WEB, 'html', html));
      const text = run(path.resolve(__dirname, '../fixtures/seeds', seed));
      expect(page.record.document.extractedFrom).toBe('html');
      expect(text.record.document.extractedFrom).toBeUndefined();
      expect(page.record.document.published).toBe(text.record.document.published);
      expect(page.record.document.title).toBe(text.record.document.title);
      expect(persons(page.record)).toEqual(persons(text.record));
      expect(orgs(page.record)).toEqual(orgs(text.record));
      expect(dayDates(page.record)).toEqual(dayDates(text.record));
      // the menus, sidebar, scripts and footer of our synthetic site
      const all = JSON.stringify(page.record.entities);
      for (const s of ['สมมติ', 'สคริปต์', 'นายโค้ด', 'ตัวอย่าง', 'กระทรวงการต่างประเทศ', '2023-01-03', '2022-05-05', '2021-09-09', '081-000-0000']) {
        expect(all).not.toContain(s);
      }
      for (const s of ['สคริปต์', 'dataLayer', 'font-family', 'เกี่ยวกับเรา', 'นายสมมติ']) expect(page.doc.text).not.toContain(s);
      // offsets refer to the extracted text
      for (const e of page.record.entities) expect(page.doc.text!.slice(e.start, e.end)).toBe(e.text);
    });
  }

  it('the library returns the extracted text, and reads an HTML string too', () => {
    const html = readFileSync(path.join(WEB, 'html', 'seed-000-ministry.html'), 'utf8');
    const x = extractHtml(html);
    expect(x.title).toBe('“เนวินธุ์” แชร์ Best Practice ดีอีเอส หนุนบูรณาการใช้โครงสร้างไอทีลดเหลื่อมล้ำ');
    expect(x.dateLine).toBe('วันพฤหัสบดีที่ 10 กันยายน 2563');
    expect(x.method).toBe('readability');
    expect(x.text.split('\n').slice(0, 3)).toEqual([x.title, x.dateLine, '']);
    const r = processText(pipeline, html);
    expect(r.document.extractedFrom).toBe('html');
    expect(r.document.published).toBe('2020-09-10');
  });

  it('a page without text is TE330; metadata gives the date line when none is printed', () => {
    try {
      extractHtml('<!DOCTYPE html><html><head><script>var a = 1;</script></head><body><nav>เมนู</nav></body></html>', 'empty.html');
      expect.unreachable();
    } catch (e) {
      expect(isThaiExtractError(e) && e.code).toBe('TE330');
    }
    const body = '<p>' + 'นายทดสอบ ระบบดี ผู้อำนวยการกองกลาง เปิดการประชุมประจำเดือนของหน่วยงาน '.repeat(4) + '</p>';
    const x = extractHtml(`<!DOCTYPE html><html><head><meta property="article:published_time" content="2025-11-04T09:30:00+07:00"></head><body><h1>กองกลางประชุมประจำเดือนพฤศจิกายน</h1><article>${body}</article></body></html>`);
    expect(x.dateLine).toBe('date 2025-11-04');
    expect(processText(pipeline, x.text).document).toMatchObject({ published: '2025-11-04', publishedFrom: 'header', title: 'กองกลางประชุมประจำเดือนพฤศจิกายน' });
  });

  it('without an <h1>, the headline is the page title without the site name; <br> breaks lines', () => {
    const para = 'นายทดสอบ ระบบดี ผู้อำนวยการกองกลาง เปิดการประชุมประจำเดือนของหน่วยงาน ณ ห้องประชุมใหญ่';
    const x = extractHtml(
      `<html><head><title>ข่าวประชุมประจำเดือนกองกลาง | เว็บไซต์หน่วยงาน</title></head><body><div id="menu"><a>หน้าแรก</a> <a>ข่าว</a></div><div class="detail">${para} ${para}<br><br>${para}<br>ย่อหน้าสุดท้าย</div></body></html>`,
    );
    expect(x.title).toBe('ข่าวประชุมประจำเดือนกองกลาง');
    expect(x.text).toBe(`ข่าวประชุมประจำเดือนกองกลาง\n\n${para} ${para}\n${para}\nย่อหน้าสุดท้าย\n`);
  });

  it("an HTML page's <h1> is its title even when a short lead paragraph follows", () => {
    const lead = 'นายทดสอบ ระบบดี ผู้อำนวยการกองกลาง เปิดการประชุมประจำเดือนของหน่วยงาน';
    const long = 'ที่ประชุมได้พิจารณาแผนงานประจำปีงบประมาณและมอบหมายให้ทุกฝ่ายรายงานความคืบหน้าของโครงการภายในสิ้นเดือนนี้ เพื่อให้การดำเนินงานเป็นไปตามเป้าหมายที่วางไว้';
    const page = `<html><body><h1>กองกลางประชุมประจำเดือน</h1><article><p>${lead}</p><p>${long}</p><p>${long}</p></article></body></html>`;
    expect(processText(pipeline, page).document.title).toBe('กองกลางประชุมประจำเดือน');
  });

  it('folders give their .html and .htm files too', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'te-web-'));
    for (const f of ['a.txt', 'b.html', 'c.HTM', 'd.css']) writeFileSync(path.join(dir, f), 'x');
    expect(findInputs([dir]).files.map((f) => f.source)).toEqual(['a.txt', 'b.html', 'c.HTM']);
  });
});

describe('stray spaces inside Thai words (joinSplitWords)', () => {
  const dict = loadDict();
  const join = (s: string) => joinSplitWords(normalise(s), dict).text;
  it('joins where the dictionary has the joined word, on a badly copied line', () => {
    expect(join('ผู้ว่าฯ ลงพื้น ที่ จั งหวัดระ ยอง ตรวจความพร้อม')).toBe('ผู้ว่าฯ ลงพื้นที่ จังหวัดระยอง ตรวจความพร้อม');
    expect(join('15 กร กฎาคม 2564')).toBe('15 กรกฎาคม 2564');
  });
  it('keeps spaces between phrases and names', () => {
    for (const s of ['ลงพื้น ที่', 'ในปี งบประมาณ 2564', 'จำนวน 1 ราย ได้แก่ นายสมชาย', 'นายพิจาร จิตติรัตน์ กล่าว', 'ดร.เฉลิมชัย ศรีอ่อน รัฐมนตรี', 'กล่าวว่า การประชุม']) {
      expect(join(s)).toBe(normalise(s).text);
    }
  });
  it('keeps offsets: every view span maps back to the input as written', () => {
    const input = 'ผู้ว่าฯ ลงพื้น ที่ จั งหวัดระ ยอง';
    const v = joinSplitWords(normalise(input), dict);
    const at = v.text.indexOf('จังหวัดระยอง');
    const s = viewSpanToInput(v, at, at + 'จังหวัดระยอง'.length);
    expect(input.slice(s.start, s.end)).toBe('จั งหวัดระ ยอง');
    expect(joinSplitWords(identityView('no thai here'), dict).text).toBe('no thai here');
  });
});

describe('published date: where it comes from', () => {
  const pub = (text: string, opts = {}) => {
    const d = processText(pipeline, text, opts).document;
    return [d.published, d.publishedFrom];
  };
  it('a date in the body is an event date, not the publication date', () => {
    expect(pub('หัวข้อข่าวของหน่วยงานที่ทดสอบการแยกหัวข้อ\nเมื่อวันที่ 3 มีนาคม 2564 นายทดสอบ ระบบดี ผู้อำนวยการ เปิดงาน')).toEqual([null, null]);
    expect(pub('หัวข้อข่าวของหน่วยงานที่ทดสอบการแยกหัวข้อ\nเมื่อวันที่ 3 มีนาคม 2564 นายทดสอบ', { published: '2021-03-04' })).toEqual(['2021-03-04', 'hint']);
  });
  it('วันนี้ (…) gives it; without a year, the page year', () => {
    expect(pub('หัวข้อข่าวของหน่วยงานที่ทดสอบการแยกหัวข้อ\nวันนี้ (20 ส.ค.2563) นายทดสอบ ระบบดี เปิดงาน')).toEqual(['2020-08-20', 'today-phrase']);
    expect(pub('หัวข้อข่าวของหน่วยงานที่ทดสอบการแยกหัวข้อ\nวันนี้ (4 พ.ย.) นายทดสอบ ระบบดี เปิดงาน\nสงวนลิขสิทธิ์ © 2568 หน่วยงานทดสอบ')).toEqual(['2025-11-04', 'today-phrase']);
    expect(pub('หัวข้อข่าวของหน่วยงานที่ทดสอบการแยกหัวข้อ\nวันนี้ (4 พ.ย.) นายทดสอบ ระบบดี เปิดงาน')).toEqual([null, null]);
  });
});
