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

/**
 * An entity as the stages build it (Doc.entities): `value` is open while stages add to it.
 * In a record the same object is an `Entity`, whose `value` is typed per entity type.
 */
export interface EntitySpan extends Span {
  id: string;
  type: EntityType;
  text: string;
  canonical: string;
  value?: Record<string, unknown>;
  rule: string;
}

/** PERSON: the name as written, split; canonical is given + family without the honorific */
export type PersonValue = {
  honorific?: string;
  given: string;
  family?: string;
  /** the canonical of this mention alone, when a fuller name of the document replaced it */
  surfaceCanonical?: string;
  longForm?: string;
};

/** POSITION: head + organisation; `person` is the id of the PERSON it describes */
export type PositionValue = {
  head: string;
  org?: string;
  person?: string;
  personCanonical?: string;
  /** a bare later mention linked to the person who held the same canonical position */
  coreference?: boolean;
};

/** ORG, LOCATION, EVENT, PROJECT (lexicon and rule names) */
export type NameValue = {
  /** the long form of an acronym, linked from parentheses */
  longForm?: string;
  /** an acronym written inside the name, e.g. (WSIS) */
  acronym?: string;
  /** the canonical of this mention alone, when another spelling of the document won */
  surfaceCanonical?: string;
  /** the full name a short form (กระทรวงฯ) refers to */
  antecedent?: string;
  /** LOCATION: country, capital, city, province or venue */
  kind?: string;
};

/** TIME: 24-hour clock */
export type TimeValue = { iso: string; hour: number; minute: number };

/** NUMBER, MONEY, PERCENT */
export type NumberValue = {
  value: number;
  /** end of a range (20-30) */
  end?: number;
  /** MONEY: ISO currency code (THB …); PERCENT: "%"; NUMBER: the classifier after it */
  unit?: string;
  numerator?: number;
  denominator?: number;
  /** ครั้งที่ 37 and the like */
  ordinal?: boolean;
  prefix?: string;
  year?: number;
};

export type UrlValue = { url: string };

interface EntityBase<T extends EntityType> extends Span {
  /** e1, e2, … in offset order */
  id: string;
  type: T;
  /** input.slice(start, end) */
  text: string;
  canonical: string;
  /** id of the rule that produced the span */
  rule: string;
}

/** an entity of a record; narrow on `type` to get its `value`'s shape */
export type Entity =
  | (EntityBase<'PERSON'> & { value?: PersonValue })
  | (EntityBase<'POSITION'> & { value?: PositionValue })
  | (EntityBase<'ORG' | 'LOCATION' | 'EVENT' | 'PROJECT'> & { value?: NameValue })
  | (EntityBase<'DATE'> & { value: DateValue })
  | (EntityBase<'TIME'> & { value?: TimeValue })
  | (EntityBase<'NUMBER' | 'MONEY' | 'PERCENT'> & { value?: NumberValue })
  | (EntityBase<'URL'> & { value?: UrlValue });

export interface EntityRef {
  /**
   * the entity id (e1, e2, …). Stages that run before ids are assigned refer to an
   * entity by its input offsets as "@start:end"; the validate stage resolves it.
   */
  entity: string;
  text: string;
}

export const FACT_TYPES = [
  'participation', 'chair', 'moderator', 'speaker', 'presentation', 'organizer',
  'bilateral_meeting', 'signing', 'adoption', 'award', 'nomination',
] as const;
export type FactType = (typeof FACT_TYPES)[number];

export interface Fact {
  /** f1, f2, … */
  id: string;
  type: FactType;
  actor: EntityRef | null;
  /** the actor's role as the trigger states it (participant, chair, signatory …) */
  role: string | null;
  /** the position written for the actor in the document */
  position: string | null;
  event: EntityRef | null;
  /** YYYY-MM-DD */
  date: string | null;
  /** the venue as written */
  location: string | null;
  mode: 'online' | 'onsite' | 'hybrid' | null;
  /** the sentences that support the fact */
  evidence: Span;
  rule: string;
  /** bilateral_meeting: the other side */
  counterpart?: EntityRef | null;
  /** the id of the event (in the record's events) this fact is part of, or null (set by the events stage) */
  eventId?: string | null;
  /** the evidence's text, zero-width characters removed and spaces collapsed (set when the record is built) */
  evidenceText?: string;
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
  entities?: EntitySpan[];
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
    /** where `published` came from (see DocumentMeta.publishedFrom) */
    publishedFrom?: PublishedFrom | null;
    sourceUrl: string | null;
    pipeline: string;
    /** 'html' when the text was extracted from an HTML page (offsets refer to the extracted text) */
    extractedFrom?: 'html';
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
