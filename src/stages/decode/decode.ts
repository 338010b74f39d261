import type { Diagnostic } from '../../doc/types.js';
import { ThaiExtractError } from '../../errors.js';

/** What `decodeBytes` returns: the decoded text (exactly, CRLF kept), the encoding name and notes. */
export interface Decoded {
  text: string;
  /** 'utf-8' | 'utf-8-bom' | 'windows-874' | 'utf-16le' | 'utf-16be' */
  encoding: string;
  diagnostics: Diagnostic[];
}

/**
 * windows-874 (TIS-620 plus the Microsoft punctuation in 0x80-0x9F and NBSP at 0xA0).
 * Our own table so the result does not depend on the ICU build; -1 = unassigned byte.
 */
const WIN874_HIGH: Int32Array = (() => {
  const t = new Int32Array(128).fill(-1);
  t[0x80 - 0x80] = 0x20ac; // €
  t[0x85 - 0x80] = 0x2026; // …
  t[0x91 - 0x80] = 0x2018;
  t[0x92 - 0x80] = 0x2019;
  t[0x93 - 0x80] = 0x201c;
  t[0x94 - 0x80] = 0x201d;
  t[0x95 - 0x80] = 0x2022;
  t[0x96 - 0x80] = 0x2013;
  t[0x97 - 0x80] = 0x2014;
  t[0xa0 - 0x80] = 0x00a0;
  for (let b = 0xa1; b <= 0xda; b++) t[b - 0x80] = 0x0e01 + (b - 0xa1); // ก .. ฺ
  for (let b = 0xdf; b <= 0xfb; b++) t[b - 0x80] = 0x0e3f + (b - 0xdf); // ฿ .. ๛
  return t;
})();

/** C0 controls other than TAB, LF, VT, FF, CR; DEL; C1 controls */
function isControl(c: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d) || (c >= 0x7f && c <= 0x9f);
}

/** share of control characters above which a text is considered binary */
const MAX_CONTROL_SHARE = 0.1;

function binaryError(file: string | undefined, offset: number, value: unknown, why: string): ThaiExtractError {
  return new ThaiExtractError('TE303', why, { file, offset, value });
}

/** rejects texts that are mostly control characters; offset = first control char (UTF-16 offset in the text) */
function checkControls(text: string, file: string | undefined, encoding: string): void {
  let first = -1;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (isControl(text.charCodeAt(i))) {
      if (first < 0) first = i;
      n++;
    }
  }
  if (n > 0 && n / text.length > MAX_CONTROL_SHARE) {
    throw binaryError(
      file,
      first,
      `U+${text.charCodeAt(first).toString(16).toUpperCase().padStart(4, '0')}`,
      `${n} of ${text.length} characters are control characters (decoded as ${encoding})`,
    );
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** a Thai letter, vowel, tone mark or digit */
const THAI = /[\u0e01-\u0e5b]/;

/**
 * The warning of a decoded text without a single Thai character: the rules find next to
 * nothing in it, so the record would be near-empty without saying why (a wrong file, an
 * English page, a mis-decoded one). Null for a text with Thai in it.
 */
export function noThaiWarning(text: string, encoding: string): Diagnostic | null {
  if (THAI.test(text)) return null;
  return {
    level: 'warning',
    code: 'decode-no-thai',
    message: encoding === 'windows-874'
      ? 'decoded as windows-874 but contains no Thai characters; the encoding may be wrong'
      : 'the text contains no Thai characters: little or nothing can be extracted from it; check that this is the file you meant',
  };
}

/**
 * A text with a UTF-16 byte order mark (FF FE little-endian, FE FF big-endian: what Windows
 * tools save as "Unicode"), decoded strictly; null when the bytes have no such mark. Throws
 * TE303 for an odd number of bytes or an unpaired surrogate.
 */
function decodeUtf16(bytes: Uint8Array, file: string | undefined): Decoded | null {
  const le = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff;
  if (!le && !be) return null;
  const encoding = le ? 'utf-16le' : 'utf-16be';
  if (bytes.length === 2) throw new ThaiExtractError('TE302', 'only a byte order mark', { file });
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
  } catch {
    throw binaryError(file, 2, encoding, `starts with a ${encoding.toUpperCase()} byte order mark but is not valid ${encoding.toUpperCase()} (odd length or unpaired surrogate)`);
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) throw binaryError(file, nul, 'U+0000', `NUL character (decoded as ${encoding}): binary file`);
  checkControls(text, file, encoding);
  return { text, encoding, diagnostics: [{ level: 'info', code: 'decode-utf16', message: `${encoding.toUpperCase()} byte order mark: decoded as ${encoding.toUpperCase()}` }] };
}

/**
 * Where a UTF-8 text cut inside its last character starts that character: the index of a
 * lead byte among the last three whose sequence needs more bytes than remain; -1 otherwise.
 */
function cutCharAt(b: Uint8Array): number {
  for (let i = b.length - 1; i >= Math.max(0, b.length - 3); i--) {
    const c = b[i];
    if ((c & 0xc0) === 0x80) continue; // continuation byte
    const need = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    return need > b.length - i ? i : -1;
  }
  return -1;
}

/**
 * Decode raw bytes: strict UTF-8 (BOM stripped and recorded as 'utf-8-bom'), else windows-874 /
 * TIS-620. Throws TE302 for empty input and TE303 (with the byte offset and value of the first bad
 * byte) for NUL bytes, bytes unassigned in windows-874 when UTF-8 failed, or mostly-control text.
 */
export function decodeBytes(bytes: Uint8Array, file?: string): Decoded {
  if (bytes.length === 0) throw new ThaiExtractError('TE302', 'no bytes', { file });
  const utf16 = decodeUtf16(bytes, file);
  if (utf16) return utf16;
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw binaryError(file, nul, '0x00', 'NUL byte: binary file');
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (body.length === 0) throw new ThaiExtractError('TE302', 'only a byte order mark', { file });
  let text: string | null = null;
  let cut = -1;
  try {
    text = utf8.decode(body);
  } catch {
    // a file cut inside its last character (a download or copy stopped short) is UTF-8 still
    cut = cutCharAt(body);
    try {
      text = cut > 0 ? utf8.decode(body.subarray(0, cut)) : null;
    } catch {
      text = null;
    }
  }
  if (text !== null) {
    const encoding = hasBom ? 'utf-8-bom' : 'utf-8';
    checkControls(text, file, encoding);
    const diagnostics: Diagnostic[] = hasBom
      ? [{ level: 'info', code: 'decode-bom', message: 'UTF-8 byte order mark stripped' }]
      : [];
    if (cut > 0) {
      const at = cut + (hasBom ? 3 : 0);
      diagnostics.push({
        level: 'warning',
        code: 'decode-utf8-cut',
        message: `the file ends inside a UTF-8 character: its last ${bytes.length - at} byte(s), from byte ${at}, were left out (was the file cut short?)`,
      });
    }
    const noThai = noThaiWarning(text, encoding);
    if (noThai) diagnostics.push(noThai);
    return { text, encoding, diagnostics };
  }
  // windows-874: every byte is one UTF-16 unit, so offsets in the text equal byte offsets
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) {
      units[i] = b;
      continue;
    }
    const u = WIN874_HIGH[b - 0x80];
    if (u < 0) {
      throw binaryError(
        file,
        i,
        `0x${b.toString(16).toUpperCase()}`,
        'not UTF-8, and byte unassigned in windows-874/TIS-620',
      );
    }
    units[i] = u;
  }
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.subarray(i, i + 8192));
  checkControls(out, file, 'windows-874');
  const diagnostics: Diagnostic[] = [
    { level: 'info', code: 'decode-windows-874', message: 'not valid UTF-8; decoded as windows-874 (TIS-620)' },
  ];
  const noThai = noThaiWarning(out, 'windows-874');
  if (noThai) diagnostics.push(noThai);
  return { text: out, encoding: 'windows-874', diagnostics };
}
