/**
 * `thai-extract segment [--engine NAME]`: for every input line, its tokens joined by `|`
 * (a space is its own token).
 */
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createSegmenter } from '../stages/segment/index.js';

export async function segmentCommand(
  args: { engine?: string },
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<void> {
  // build first: an unknown engine fails (TE111) before any input is read
  const seg = createSegmenter({ engine: args.engine });
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    const out = seg(line).map((t) => line.slice(t.start, t.end)).join('|') + '\n';
    if (!output.write(out)) await once(output, 'drain');
  }
}
