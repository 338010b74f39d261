import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from '../pipeline/stage.js';

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const cache = new WeakMap<object, ValidateFunction>();

/** compile (once per schema object) */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  let v = cache.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    cache.set(schema, v);
  }
  return v;
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
