// A corpus read once into memory and a function that sends it through a pipeline, as a batch
// run does per document (processDocument): the warm passes that cpu-profile.mjs and
// alloc-profile.mjs measure. Needs a build (npm run build).
import { readFileSync } from 'node:fs';

export const DEFAULT_CORPUS = '../shared/corpus/thaigov';

/** the documents of `dir` and pass(), which processes them all and returns the characters read */
export async function corpusPass(pipelineName, dir = DEFAULT_CORPUS) {
  const { findInputs, loadPipeline, processDocument } = await import('../dist/index.js');
  const pipeline = loadPipeline(pipelineName);
  const docs = findInputs([dir]).files.map((f) => ({ source: f.source, bytes: readFileSync(f.path) }));
  const pass = () => {
    let chars = 0;
    for (const input of docs) {
      const r = processDocument(pipeline, input);
      if (r.ok) chars += r.doc.text?.length ?? 0;
    }
    return chars;
  };
  return { pipeline, docs, pass };
}
