// Copies the JSON Schema files next to the compiled code (dist/schemas) and marks the CLI executable.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
function copyJson(fromRel, toRel) {
  const from = path.join(root, fromRel);
  const to = path.join(root, toRel);
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from, { withFileTypes: true })) {
    if (f.isDirectory()) copyJson(path.join(fromRel, f.name), path.join(toRel, f.name));
    else if (f.name.endsWith('.json')) copyFileSync(path.join(from, f.name), path.join(to, f.name));
  }
}
copyJson('src', 'dist');
const cli = path.join(root, 'dist/cli/main.js');
if (existsSync(cli)) chmodSync(cli, 0o755);
