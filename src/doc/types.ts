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

/** Metadata that fills the record's `document` object. */
export interface DocumentMeta {
  title: string | null;
  published: string | null;
  publishedRaw: string | null;
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
  /** the decoded input text — never mutated after `decode` */
  text?: string;
  encoding?: string;
  norm?: NormView;
  zones?: Zone[];
  tokens?: Token[];
  sentences?: Span[];
  entities?: Entity[];
  facts?: Fact[];
  events?: EventRecord[];
  meta?: DocumentMeta;
  record?: DocRecord;
  diagnostics: Diagnostic[];
}

export const EVENT_TYPES = ['meeting', 'conference', 'signing', 'ceremony', 'visit', 'award', 'training', 'other'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export type EventStatus = 'happened' | 'scheduled' | 'planned';

/** one person, organisation or country taking part in an event */
export interface EventParticipant {
  /** entity id of the mention that names the participant */
  entity: string;
  text: string;
  /** the name without honorifics or zero-width characters */
  canonical: string;
  actorType: 'person' | 'organisation' | 'location' | 'position';
  /** the position written for the participant in the document */
  position: string | null;
  /** chair, participant, speaker, signatory, witness, host, recipient, presenter, delegation_head, organizer, moderator, party, adopter, nominee, representative */
  role: string;
}

/** one distinct event the release reports (two mentions of one event are one event) */
export interface EventRecord {
  id: string;
  type: EventType;
  /** the event's name as written (its span's text), or null when the event is only implied by a verb with no object */
  name: string | null;
  canonical: string | null;
  /** span of the name in the input (absent when name is null) */
  start?: number;
  end?: number;
  status: EventStatus;
  date: string | null;
  endDate: string | null;
  location: string | null;
  mode: 'online' | 'onsite' | 'hybrid' | null;
  participants: EventParticipant[];
  organisations: EntityRef[];
  /** the sentences that report the event */
  evidence: Span[];
  rule: string;
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
    sourceUrl: string | null;
    pipeline: string;
  };
  entities: Entity[];
  events: EventRecord[];
  facts: Fact[];
  diagnostics: Diagnostic[];
}

/** The keys of Doc a stage may read or add. */
export type DocKey =
  | 'bytes' | 'text' | 'encoding' | 'norm' | 'zones' | 'tokens' | 'sentences'
  | 'entities' | 'facts' | 'events' | 'meta' | 'record';

export const DOC_KEYS: readonly DocKey[] = [
  'bytes', 'text', 'encoding', 'norm', 'zones', 'tokens', 'sentences', 'entities', 'facts', 'events', 'meta', 'record',
];
