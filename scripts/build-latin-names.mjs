#!/usr/bin/env node
/**
 * Writes pipelines/gov-press/entities/lexicons/latin_names_compromise.txt: the words that
 * compromise's own lexicon tags as personal names or honorifics (FirstName, MaleName,
 * FemaleName, LastName, Person, Honorific and their sub-tags), lowercased, one a line.
 *
 * The `latin-person` rule uses the list as its gate: compromise's tagger (~0.3-1 ms a phrase,
 * most of it JIT warm-up in every thread) is run only on Latin phrases that hold a title or a
 * pair of name words one of which is a known name. Also writes latin_orgs_compromise.txt, the
 * lexicon's organisation names (rule org-latin-lexicon). Re-run after upgrading compromise.
 *
 * Usage: node scripts/build-latin-names.mjs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const nlp = require('compromise');
const version = JSON.parse(readFileSync(path.join(root, 'node_modules/compromise/package.json'), 'utf8')).version;
const { lexicon, tagSet } = nlp.world().model.one;
const PERSON = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person', 'Honorific']);
const isPerson = (tags) => (Array.isArray(tags) ? tags : [tags]).some((t) => PERSON.has(t) || (tagSet[t]?.parents ?? []).some((p) => PERSON.has(p)));
const words = Object.entries(lexicon)
  .filter(([w, tags]) => isPerson(tags) && /^[a-zà-ÿ][a-zà-ÿ'’.-]*$/.test(w))
  .map(([w]) => w)
  .sort();
const out = path.join(root, 'pipelines/gov-press/entities/lexicons/latin_names_compromise.txt');
writeFileSync(out, `# personal names and honorifics of compromise ${version}'s lexicon (MIT licence), lowercased; built by scripts/build-latin-names.mjs\n${words.join('\n')}\n`);
console.log(`${words.length} words -> ${path.relative(root, out)}`);

// organisations (Organization, Company, SportsTeam, School and their sub-tags) for the org-latin-lexicon rule
const ORG = new Set(['Organization', 'Company', 'SportsTeam', 'School']);
const ABBREVIATIONS = new Set(['dept', 'univ', 'assn', 'inc', 'ltd', 'co', 'corp', 'bros', 'llc', 'plc']);
const isOrg = (tags) => (Array.isArray(tags) ? tags : [tags]).some((t) => ORG.has(t) || (tagSet[t]?.parents ?? []).some((p) => ORG.has(p)));
const orgs = Object.entries(lexicon)
  .filter(([w, tags]) => isOrg(tags) && w.length >= 3 && !ABBREVIATIONS.has(w) && /^[a-z0-9à-ÿ][a-z0-9à-ÿ'’.&/ -]*$/.test(w))
  .map(([w]) => w)
  .sort();
const orgOut = path.join(root, 'pipelines/gov-press/entities/lexicons/latin_orgs_compromise.txt');
writeFileSync(orgOut, `# organisation names of compromise ${version}'s lexicon (MIT licence), lowercased; built by scripts/build-latin-names.mjs\n${orgs.join('\n')}\n`);
console.log(`${orgs.length} organisations -> ${path.relative(root, orgOut)}`);
