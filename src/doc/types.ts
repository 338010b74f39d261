/**
 * The Doc and its views. The decoded input `text` is never mutated; every
 * view points into it with half-open [start, end) UTF-16 offsets.
 */

export interface Span {
  start: number;
  end: number;
}

export type TokenKind = 'thai' | 'latin' | 'number' | 'space' | 'newline' | 'punct' | 'other';

export interface Token extends Span {
  kind: TokenKind;
}

export type ZoneKind = 'header' | 'title' | 'dateline' | 'body' | 'source' | 'furniture';

export interface Zone extends Span {
  kind: ZoneKind;
  /** id of the rule that marked this zone */
  rule: string;
}

export const ENTITY_TYPES = [
  'PERSON', 'POSITION', 'ORG', 'LOCATION', 'EVENT', 'PROJECT',
  'DATE', 'TIME', 'NUMBER', 'MONEY', 'PERCENT', 'URL',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface DateValue {
  /** YYYY-MM-DD, YYYY-MM or YYYY (per precision) */
  iso: string | null;
  /** end of a range, same form as iso */
  end?: string;
  precision: 'day' | 'month' | 'year';
  era: 'BE' | 'CE' | 'none';
  /** true when a part of the date (year, or the whole date for relative expressions) was inferred */
  inferred?: boolean;
  [k: string]: unknown;
}

export interface Entity extends Span {
  id: string;
  type: EntityType;
  text: string;
  canonical: string;
  value?: Record<string, unknown>;
  rule: string;
}

export interface EntityRef {
  /**
   * the entity id (e1, e2, …). Stages that run before ids are assigned refer to an
   * entity by its input offsets as "@start:end"; the validate stage resolves it.
   */
  entity: string;
  text: string;
}

export interface Fact {
  id: string;
  type: string;
  actor: EntityRef | null;
  role: string | null;
  position: string | null;
  event: EntityRef | null;
  date: string | null;
  location: string | null;
  mode: 'online' | 'onsite' | 'hybrid' | null;
  evidence: Span;
  rule: string;
  [k: string]: unknown;
}

export type DiagnosticLevel = 'info' | 'warning' | 'error';

export interface Diagnostic {
  level: DiagnosticLevel;
  code: string;
  message: string;
  start?: number;
  end?: number;
}

export type PublishedFrom = 'dateline' | 'header' | 'today-phrase' | 'hint';

/** Metadata that fills the record's `document` object. */
export interface DocumentMeta {
  title: string | null;
  published: string | null;
  publishedRaw: string | null;
  /**
   * where `published` came from: a date line of the page head ('dateline'), a labelled header
   * line such as "โพสต์เมื่อ …" ('header'), the story's "วันนี้ (…)" ('today-phrase'), the
   * caller's hint ('hint'); null when the page gives no publication date
   */
  publishedFrom?: PublishedFrom | null;
  sourceUrl: string | null;
  agency?: string | null;
}

/**
 * A normalised view of the input used by matchers. `text` may differ in
 * length from the input. View character i came from input[starts[i], ends[i]);
 * both arrays are monotone non-decreasing. Map view spans back with
 * `viewSpanToInput` (src/doc/offsets.ts).
 */
export interface NormView {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
  /** length of the input text the view was built from */
  inputLength: number;
}

/** Hints a caller can give for one document. */
export interface DocHints {
  id?: string;
  /** publication date hint, YYYY-MM-DD */
  published?: string;
}

export interface Doc {
  id: string;
  /** path relative to the input root (or a caller-chosen name) */
  source: string;
  /** raw input bytes, when the document came from a file */
  bytes?: Uint8Array;
  /** sha256 of the input bytes (of the UTF-8 encoding when given as a string) */
  sha256: string;
  hints: DocHints;
  /** "name@version" of the pipeline processing this doc (set by the runner) */
  pipeline?: string;
  /** the decoded input text — never mutated after `decode` (of an HTML page: the text extracted from it) */
  text?: string;
  /** 'html' when `text` was extracted from an HTML page (`bytes` are the page) */
  extractedFrom?: 'html';
  encoding?: string;
  norm?: NormView;
  zones?: Zone[];
  tokens?: Token[];
  sentences?: Span[];
  entities?: Entity[];
  facts?: Fact[];
  meta?: DocumentMeta;
  record?: DocRecord;
  diagnostics: Diagnostic[];
}

/** One line of records.jsonl — see src/schemas/record.schema.json */
export interface DocRecord {
  document: {
    id: string;
    source: string;
    sha256: string;
    encoding: string;
    title: string | null;
    published: string | null;
    publishedRaw: string | null;
    /** where `published` came from (see DocumentMeta.publishedFrom) */
    publishedFrom?: PublishedFrom | null;
    sourceUrl: string | null;
    pipeline: string;
    /** 'html' when the text was extracted from an HTML page (offsets refer to the extracted text) */
    extractedFrom?: 'html';
  };
  entities: Entity[];
  facts: Fact[];
  diagnostics: Diagnostic[];
}

/** The keys of Doc a stage may read or add. */
export type DocKey =
  | 'bytes' | 'text' | 'encoding' | 'norm' | 'zones' | 'tokens' | 'sentences'
  | 'entities' | 'facts' | 'meta' | 'record';

export const DOC_KEYS: readonly DocKey[] = [
  'bytes', 'text', 'encoding', 'norm', 'zones', 'tokens', 'sentences', 'entities', 'facts', 'meta', 'record',
];
