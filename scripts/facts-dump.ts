// dev aid: npx tsx scripts/facts-dump.ts FILE  — prints zones, entities and facts of one document
import { readFileSync } from 'node:fs';
import { processDocument } from '../src/pipeline/run.js';
import { STAGE_FACTORIES } from '../src/stages/index.js';

const file = process.argv[2];
const extra: Record<string, any> = {};
if (!STAGE_FACTORIES.entities) extra.entities = (await import('../src/stages/entities/index.js')).entitiesStage;
import { createPipeline, BUNDLED_PIPELINES_DIR } from '../src/pipeline/load.js';
const spec = JSON.parse(readFileSync(BUNDLED_PIPELINES_DIR + '/gov-press.json', 'utf8'));
for (const st of spec.stages) if (st.stage === 'entities' && !st.options) st.options = { rules: 'gov-press/entities/rules.json' };
const p = createPipeline(spec, { factories: extra, baseDir: BUNDLED_PIPELINES_DIR });
const out = processDocument(p, { source: file, bytes: new Uint8Array(readFileSync(file)) });
if (!out.ok) { console.log(out); process.exit(1); }
const d = out.doc;
const show = process.argv[3] ?? 'ef';
if (show.includes('z')) for (const z of d.zones ?? []) console.log('Z', z.kind, z.start, z.end, JSON.stringify(d.text!.slice(z.start, Math.min(z.end, z.start + 50))));
if (show.includes('s')) for (const s of d.sentences ?? []) console.log('S', s.start, s.end, JSON.stringify(d.text!.slice(s.start, s.end)));
if (show.includes('e')) for (const e of out.record.entities) if (!['NUMBER','TIME','URL','MONEY','PERCENT'].includes(e.type)) console.log(e.id, e.type, e.start, e.end, JSON.stringify(e.text), '=>', e.canonical, e.value ? JSON.stringify(e.value) : '', e.rule);
console.log('published', out.record.document.published);
if (show.includes('f')) for (const f of out.record.facts) console.log(JSON.stringify({ ...f, evidence: `${f.evidence.start}:${f.evidence.end}` }));
