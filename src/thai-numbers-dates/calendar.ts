/** Buddhist-era / common-era years and small proleptic-Gregorian date helpers. */

/** offset between the Buddhist era (พ.ศ.) and the common era (ค.ศ.) */
export const BE_OFFSET = 543;
/** from BE 2484 (CE 1941) the Thai year starts on 1 January; earlier BE years started on 1 April */
export const FIRST_JANUARY_BE_YEAR = 2484;

export function beToCe(be: number): number {
  return be - BE_OFFSET;
}

export function ceToBe(ce: number): number {
  return ce + BE_OFFSET;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

export function isValidDate(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function isoDay(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export function isoMonth(y: number, m: number): string {
  return `${pad(y, 4)}-${pad(m)}`;
}

export function isoYear(y: number): string {
  return pad(y, 4);
}

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** parse "YYYY-MM-DD" (a valid date) or return null */
export function parseIsoDay(s: string | null | undefined): Ymd | null {
  if (!s) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return isValidDate(y, mo, d) ? { y, m: mo, d } : null;
}

function toUtc(a: Ymd): number {
  return Date.UTC(a.y, a.m - 1, a.d);
}

function fromUtc(t: number): Ymd {
  const dt = new Date(t);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

export function addDays(a: Ymd, n: number): Ymd {
  return fromUtc(toUtc(a) + n * 86_400_000);
}

/** ISO weekday: Monday 1 … Sunday 7 */
export function isoWeekday(a: Ymd): number {
  const w = new Date(toUtc(a)).getUTCDay();
  return w === 0 ? 7 : w;
}

export function compareYmd(a: Ymd, b: Ymd): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

export function formatYmd(a: Ymd): string {
  return isoDay(a.y, a.m, a.d);
}
