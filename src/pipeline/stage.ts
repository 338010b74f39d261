import type { Doc, DocKey } from '../doc/types.js';

/** A JSON Schema object (draft 2020-12 subset understood by ajv). */
export type JsonSchema = Record<string, unknown>;

/**
 * What a factory gets besides its options: where its pipeline lives, and a
 * loader for rule/lexicon files that validates them and records what was read
 * (so that the pipeline's rule-set hash covers every file a stage used).
 */
export interface StageContext {
  /** pipeline name, e.g. "gov-press" */
  pipelineName: string;
  /** absolute path of the pipeline file ("<inline>" when built in code) */
  pipelineFile: string;
  /** directory that rule/lexicon paths in options are resolved against */
  baseDir: string;
  /** JSON pointer of this stage's options in the pipeline file, e.g. "/stages/3/options" */
  pointer: string;
  /**
   * Read a data file (path relative to baseDir). `.json` files are parsed; if a schema is
   * given the content is validated and a TE108 error names the file and pointer. Text files
   * (.txt/.csv) are returned as strings. Throws ThaiExtractError TE107/TE108.
   */
  loadFile(relPath: string, schema?: JsonSchema): unknown;
}

/** A built stage: a pure function of a Doc. It must not mutate its input doc. */
export interface Stage {
  name: string;
  reads: readonly DocKey[];
  adds: readonly DocKey[];
  run(doc: Doc): Doc;
}

/**
 * A stage factory: declares what the stage reads and adds, the JSON Schema of its options,
 * and builds the stage from validated options. `create` may throw ThaiExtractError (TE1xx)
 * for bad configuration; that stops the run before any document is processed.
 */
export interface StageFactory<O = Record<string, unknown>> {
  name: string;
  description: string;
  reads: readonly DocKey[];
  adds: readonly DocKey[];
  optionsSchema: JsonSchema;
  create(options: O, ctx: StageContext): (doc: Doc) => Doc;
}

export function defineStage<O>(f: StageFactory<O>): StageFactory<O> {
  return f;
}
