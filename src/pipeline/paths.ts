import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ThaiExtractError } from '../errors.js';

/**
 * Where pipelines are. Kept apart from load.ts so that the CLI's no-change check can resolve
 * `--pipeline` without importing the stages.
 */

/** the folder holding the bundled pipelines (works from src/ and from dist/) */
export const BUNDLED_PIPELINES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../pipelines');

/** resolve a `--pipeline` argument: a path to a .json file, or the name of a bundled pipeline */
export function resolvePipelinePath(fileOrName: string): string {
  if (/[\\/]/.test(fileOrName) || fileOrName.endsWith('.json')) return path.resolve(fileOrName);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(fileOrName)) {
    throw new ThaiExtractError('TE101', 'not a pipeline file path or bundled pipeline name', { value: fileOrName });
  }
  return path.join(BUNDLED_PIPELINES_DIR, `${fileOrName}.json`);
}

/** names of the pipelines bundled with the package (the *.json files of BUNDLED_PIPELINES_DIR) */
export function bundledPipelineNames(): string[] {
  if (!existsSync(BUNDLED_PIPELINES_DIR)) return [];
  return readdirSync(BUNDLED_PIPELINES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}
