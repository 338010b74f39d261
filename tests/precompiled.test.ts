// The validators precompiled into dist/ (scripts/postbuild.mjs) must exist for every schema the
// bundled pipelines compile and report exactly what ajv compiled at run time reports.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { bundledPipelineNames, loadPipeline } from '../src/pipeline/load.js';
import { AJV_OPTIONS, compiledSchemas, schemaKey } from '../src/schemas/ajv.js';
import { recordSchema } from '../src/schemas/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist/schemas/precompiled.js');
if (!existsSync(DIST)) console.warn('tests/precompiled.test.ts SKIPPED — dist/ is not built; run "npm run build" first');

describe.skipIf(!existsSync(DIST))('precompiled validators (dist/)', () => {
  it('cover every schema of the bundled pipelines and give the same errors as ajv', async () => {
    for (const name of bundledPipelineNames()) loadPipeline(name);
    const { precompiledValidator } = (await import(pathToFileURL(DIST).href)) as { precompiledValidator: (k: string) => ((d: unknown) => boolean) & { errors?: unknown } };
    const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js');
    const ajv = new Ajv2020(AJV_OPTIONS);
    const samples: unknown[] = [{}, [], 'x', 1, null, { id: 1, stages: 'a', rules: [{}], extra: true }];
    const schemas = [...compiledSchemas()];
    expect(schemas.length).toBeGreaterThanOrEqual(10);
    // the record schema is compiled when the validate stage is made (so it ships precompiled:
    // compiled on the first document it cost every thread ~0.25 s of ajv)
    expect(schemas.some(([key]) => key === schemaKey(recordSchema))).toEqual(true);
    for (const [key, schema] of schemas) {
      const pre = precompiledValidator(key);
      expect([key, typeof pre]).toEqual([key, 'function']);
      const runtime = ajv.compile(schema);
      for (const data of samples) {
        expect([key, pre(data), pre.errors ?? null]).toEqual([key, runtime(data), runtime.errors ?? null]);
      }
    }
  });
});
