// CSV cells: quoting, line breaks inside cells, formula escaping (src/output/csv.ts).
import { describe, expect, it } from 'vitest';
import { csvHeader, csvRows } from '../src/output/csv.js';

describe('csvRows', () => {
  it('quotes cells with a comma, a quote or any line break; escapes formulas; leaves the rest', () => {
    expect(csvRows([
      ['plain', 'a,b', 'say "hi"', '1 แสน – 1\nล้านบาท', 'cr\ronly', 'crlf\r\nx', '=SUM(A1)', '-x', -5, null, ''],
    ])).toBe('plain,"a,b","say ""hi""","1 แสน – 1\nล้านบาท","cr\ronly","crlf\r\nx",\'=SUM(A1),\'-x,-5,,\r\n');
  });

  it('gives one CSV record per row when a cell holds a line break (read back with a small RFC 4180 reader)', () => {
    const text = csvHeader(['a', 'b']) + csvRows([['x\ny', 'z'], ['1', '2']]);
    // an RFC 4180 reader: quoted cells may hold CR/LF
    const records: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    const body = text.slice(1);
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if (quoted) {
        if (c === '"' && body[i + 1] === '"') (cell += '"'), i++;
        else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') row.push(cell), (cell = '');
      else if (c === '\r' && body[i + 1] === '\n') row.push(cell), records.push(row), (row = []), (cell = ''), i++;
      else cell += c;
    }
    expect(records).toEqual([['a', 'b'], ['x\ny', 'z'], ['1', '2']]);
  });
});
