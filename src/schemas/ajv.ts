import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import type { JsonSchema } from '../pipeline/stage.js';
import { createHash } from 'node:crypto';
import { precompiledValidator } from './precompiled.js';

/** the options of every validator (scripts/postbuild.mjs precompiles with the same) */
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const;

let ajvInstance: Ajv2020 | undefined;

/** ajv itself is loaded only when a schema has no precompiled validator */
function newAjv(): Ajv2020 {
  const { Ajv2020: A } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  return new A(AJV_OPTIONS);
}
const cache = new WeakMap<object, ValidateFunction>();
const seen = new Map<string, JsonSchema>();

/** a schema's identity for precompiled code: sha256 of its JSON text (first 24 hex digits) */
export function schemaKey(schema: JsonSchema): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 24);
}

/**
 * compile (once per schema object): the validator precompiled at build time when there is
 * one for this exact schema (see precompiled.ts), else ajv's
 */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  let v = cache.get(schema);
  if (!v) {
    const key = schemaKey(schema);
    seen.set(key, schema);
    v = precompiledValidator(key) ?? (ajvInstance ??= newAjv()).compile(schema);
    cache.set(schema, v);
  }
  return v;
}

/** every schema compileSchema was asked for in this process, by key (for scripts/postbuild.mjs) */
export function compiledSchemas(): ReadonlyMap<string, JsonSchema> {
  return seen;
}

function getPointer(data: unknown, pointer: string): unknown {
  if (!pointer) return data;
  let cur: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur && typeof cur === 'object') cur = (cur as Record<string, unknown>)[key];
    else return undefined;
  }
  return cur;
}

/** the most useful error of an ajv run: pointer, message and the bad value */
export function firstSchemaError(
  errors: ErrorObject[] | null | undefined,
  data: unknown,
): { pointer: string; message: string; value: unknown } {
  const e = (errors ?? [])[0];
  if (!e) return { pointer: '', message: 'invalid', value: data };
  let pointer = e.instancePath;
  let message = `${e.message ?? 'invalid'}`;
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    pointer = `${pointer}/${extra}`;
    message = `unknown property ${JSON.stringify(extra)}`;
  } else if (e.keyword === 'enum') {
    message += ` (${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')})`;
  }
  return { pointer, message, value: getPointer(data, pointer) };
}
