import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonSchema } from '../pipeline/stage.js';

/** folder of the JSON Schema files (src/schemas, copied to dist/schemas by the build) */
export const SCHEMAS_DIR = path.dirname(fileURLToPath(import.meta.url));

function load(name: string): JsonSchema {
  return JSON.parse(readFileSync(path.join(SCHEMAS_DIR, name), 'utf8')) as JsonSchema;
}

/** JSON Schema of a pipeline file */
export const pipelineSchema: JsonSchema = load('pipeline.schema.json');
/** JSON Schema of one record (a line of records.jsonl) */
export const recordSchema: JsonSchema = load('record.schema.json');
