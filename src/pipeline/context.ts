import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ThaiExtractError } from '../errors.js';
import type { JsonSchema, StageContext } from './stage.js';
import { compileSchema, firstSchemaError } from '../schemas/ajv.js';

/** Records every data file a pipeline's stages loaded, for the rule-set hash. */
export class LoadedFiles {
  readonly files = new Map<string, string>(); // relPath -> sha256
  hash(): string {
    const h = createHash('sha256');
    for (const [p, d] of [...this.files.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      h.update(p + '\0' + d + '\n');
    }
    return h.digest('hex');
  }
}

export interface ContextOptions {
  pipelineName: string;
  pipelineFile: string;
  baseDir: string;
  pointer: string;
  loaded?: LoadedFiles;
}

/** Build the StageContext a factory receives (also handy in tests). */
export function makeStageContext(o: ContextOptions): StageContext {
  const loaded = o.loaded ?? new LoadedFiles();
  return {
    pipelineName: o.pipelineName,
    pipelineFile: o.pipelineFile,
    baseDir: o.baseDir,
    pointer: o.pointer,
    loadFile(relPath: string, schema?: JsonSchema): unknown {
      const abs = path.resolve(o.baseDir, relPath);
      let raw: Buffer;
      try {
        raw = readFileSync(abs);
      } catch (e) {
        throw new ThaiExtractError('TE107', `cannot read data file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, {
          file: abs,
          pointer: o.pointer,
          value: relPath,
        });
      }
      loaded.files.set(path.relative(o.baseDir, abs), createHash('sha256').update(raw).digest('hex'));
      let text = raw.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (!abs.endsWith('.json')) return text;
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (e) {
        throw new ThaiExtractError('TE108', `not valid JSON (${(e as Error).message})`, { file: abs, value: relPath });
      }
      if (schema) {
        const validate = compileSchema(schema);
        if (!validate(data)) {
          const err = firstSchemaError(validate.errors, data);
          throw new ThaiExtractError('TE108', err.message, { file: abs, pointer: err.pointer, value: err.value });
        }
      }
      return data;
    },
  };
}
