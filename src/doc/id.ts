/** a document's id when none is given: its source path without the extension */
export function defaultDocId(source: string): string {
  return source.replace(/\.[^./\\]+$/, '');
}
