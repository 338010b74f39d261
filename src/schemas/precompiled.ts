/**
 * Validators compiled ahead of time. In the sources this finds none: every schema is
 * compiled by ajv at run time. `npm run build` (scripts/postbuild.mjs) replaces the compiled
 * copy, dist/schemas/precompiled.js, with one that loads ajv standalone code generated for
 * every schema the bundled pipelines compile (dist/schemas/precompiled/<key>.cjs), which
 * saves ajv's code generation (~0.2 s) when a pipeline is loaded in a process or thread.
 */
import type { ValidateFunction } from 'ajv';

/** the precompiled validator of the schema with this key (schemaKey), if there is one */
export function precompiledValidator(_key: string): ValidateFunction | undefined {
  return undefined;
}
