/**
 * The one error catalogue. Codes are stable: never renumber, only add.
 * An error names the file, the JSON pointer or the offset, and quotes the bad value.
 */

export const ERROR_CODES = {
  // configuration (pipelines, rules, lexicons): stop before the first document, CLI exit 78
  TE101: 'pipeline file cannot be read',
  TE102: 'pipeline file is not valid JSON',
  TE103: 'pipeline does not match its schema',
  TE104: 'unknown stage',
  TE105: 'bad stage option',
  TE106: 'impossible stage order: a stage reads what no earlier stage adds',
  TE107: 'rule or lexicon file cannot be read',
  TE108: 'rule or lexicon file does not match its schema',
  TE109: 'rule example fails',
  TE110: 'bad rule pattern',
  TE111: 'unknown engine',
  TE112: 'a worker (thread or queue) cannot build the same pipeline as the run',
  // usage: CLI exit 64
  TE201: 'bad command-line usage',
  TE202: 'no input documents found',
  // per-document failures: reported in errors.jsonl, the batch goes on (CLI exit 2)
  TE301: 'input file cannot be read',
  TE302: 'input file is empty',
  TE303: 'input is binary or in an unknown encoding',
  TE304: 'input file is too large',
  TE305: 'a stage failed on this document',
  TE306: 'record does not match the records schema',
  TE307: 'span offsets do not match the input text',
  // output
  TE401: 'output cannot be written',
  TE330: 'HTML page has no text to extract',
  // issue 27 (reliability): per-document outcomes, then run-level errors
  TE310: 'input is not a regular file (FIFO, device, socket, folder): skipped',
  TE311: 'the document took longer than the time budget (maxDocumentMs)',
  TE402: 'the output folder is in use by another run',
  TE403: 'the run was interrupted (SIGINT/SIGTERM)',
  TE404: 'the Redis server cannot be reached',
  // the review page (src/review)
  TE440: 'no records to review',
  TE441: 'the review page cannot be written',
  TE442: 'the text of a document is not available to the review page',
  // optional parts (CLI exit 78)
  TE450: 'an optional package this feature needs is not installed',
  // command-line usage found by the CLI (exit 64, like TE2xx) and the diff command
  TE460: '--out names a file, not a folder',
  TE461: 'diff: an output folder or records file cannot be read',
} as const;

/** codes outside TE2xx that are usage errors too (CLI exit 64) */
const USAGE_CODES: ReadonlySet<string> = new Set(['TE460']);

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorContext {
  file?: string;
  /** JSON pointer into `file` */
  pointer?: string;
  offset?: number;
  /** the bad value, quoted in the message */
  value?: unknown;
  stage?: string;
  [k: string]: unknown;
}

function quote(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}

export class ThaiExtractError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;
  constructor(code: ErrorCode, detail: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    const where: string[] = [];
    if (context.file) where.push(context.file);
    if (context.pointer !== undefined) where.push(`#${context.pointer}`);
    if (context.offset !== undefined) where.push(`@${context.offset}`);
    const value = 'value' in context ? `: ${quote(context.value)}` : '';
    super(`[${code}] ${where.length ? where.join(' ') + ': ' : ''}${detail}${value}`, options);
    this.name = 'ThaiExtractError';
    this.code = code;
    this.context = context;
  }
  get isConfigError(): boolean {
    return this.code.startsWith('TE1');
  }
  get isUsageError(): boolean {
    return this.code.startsWith('TE2') || USAGE_CODES.has(this.code);
  }
  toJSON() {
    return { code: this.code, message: this.message, ...this.context };
  }
}

export function isThaiExtractError(e: unknown): e is ThaiExtractError {
  return e instanceof ThaiExtractError;
}
