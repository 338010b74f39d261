/**
 * The CLI's help texts: an overview (`thai-extract --help`) and one text per subcommand
 * (`thai-extract run --help` …), each with the usage line a usage error repeats. The
 * reference (every option, the exit codes, examples) is docs/cli.md.
 */

export type CommandName = 'run' | 'review' | 'diff' | 'eval' | 'segment' | 'enqueue' | 'worker' | 'collect';

export interface CommandHelp {
  /** the usage line(s), without "Usage: " */
  usage: string;
  /** one line for the overview */
  summary: string;
  /** the rest of `thai-extract <command> --help`, after the usage line */
  body: string;
}

const QUEUE_OPTIONS = `      --queue URL        Redis URL, e.g. redis://127.0.0.1:6379 (required)
      --name NAME        queue name (default: thai-extract)`;

export const COMMANDS: Record<CommandName, CommandHelp> = {
  run: {
    usage: 'thai-extract run <inputs…> --out DIR [options]',
    summary: 'process files, folders or globs of releases into records, CSV and JSON files',
    body: `
Processes files, folders (searched recursively for *.txt, *.html, *.htm: a saved page's main
text is extracted) and globs (quote them:
'corpus/**/*.txt') with a pipeline, and writes into DIR: records.jsonl, documents.csv,
entities.csv, facts.csv, events.csv, participants.csv, errors.jsonl, summary.json (and
records.json with --format json).
Files are written atomically, in source-path order whatever the concurrency. Runs are
incremental: a re-run processes only new or changed documents; --force redoes all.

Options:
  -o, --out DIR          output folder, created when missing (required; not a file)
  -p, --pipeline FILE|NAME
                         pipeline file, or a bundled pipeline name (default: gov-press)
  -f, --format LIST      comma-separated: jsonl,csv,json,html (default: jsonl,csv);
                         html: the review page DIR/review/index.html (see review)
  -c, --concurrency N    worker threads: 1 = every document in the main thread; N >= 2 =
                         N threads, with max(4, 2N) documents read ahead (default: one
                         thread per 150 documents, at least 1, at most the number of cores)
      --force            process every document again, ignoring earlier results
      --wait             wait for another run into DIR to end (default: fail with TE402)
  -q, --quiet            nothing on stderr but an error that stops the run
  -h, --help             this help

Exit codes: 0 every document written; 2 some documents failed (the others are written,
  errors.jsonl says why); 64 usage error; 70 internal error (a bug: please report it);
  73 an output cannot be written (disk full, permissions); 75 DIR is in use by another run;
  78 bad pipeline, rule or lexicon file; 130/143 stopped by Ctrl-C/SIGTERM (run the same
  command again to resume).

Examples:
  thai-extract run fixtures/seeds --out output
  thai-extract run 'corpus/**/*.txt' --out out --concurrency 2 --format jsonl,json
  thai-extract run a.txt "b c.txt" --out out --pipeline ./my-pipeline.json
  jq -r '.entities[] | select(.type=="PERSON") | .canonical' output/records.jsonl

See docs/cli.md (options, exit codes), docs/outputs.md (the files and their columns),
docs/records.md (the records), docs/reliability.md (re-runs, interruptions).
`,
  },
  review: {
    usage: 'thai-extract review OUT_DIR [--inputs DIR] [--quiet]',
    summary: 'build OUT_DIR/review/index.html: the texts with what was extracted, in a browser',
    body: `
Builds OUT_DIR/review/index.html (open it in a browser from the file system; no server, no
network) from the records of a run (records.jsonl or records.json, errors.jsonl): the list
of documents, each text with its entities marked, its events and facts (a click marks the
evidence), and the persons across the run. \`run --format …,html\` builds it after a run.
The texts are read from the input files: --inputs DIR is the folder given to run
(remembered from the last build of the page).

Options:
  -i, --inputs DIR       the folder the run read (default: the one of the last build)
  -q, --quiet            nothing on stderr but an error
  -h, --help             this help

Exit codes: 0 built; 64 usage error; 70 the page cannot be written.

Examples:
  thai-extract run fixtures/seeds --out output --format jsonl,csv,html
  thai-extract review output --inputs fixtures/seeds

See docs/review.md.
`,
  },
  diff: {
    usage: 'thai-extract diff OLD_OUT NEW_OUT [--json]',
    summary: 'what changed between two output folders: entities, events and facts per document',
    body: `
Compares two folders written by \`thai-extract run\` (their records.jsonl, or records.json,
and errors.jsonl; a records file may be given instead of a folder) and lists, per document,
the entities, events and facts added, removed or changed. Entities are matched by
(type, start, end); facts by (type, actor, event, date); events by (type, name, date).

Options:
      --json             one JSON object on stdout instead of text
  -h, --help             this help

Exit codes: 0 no differences; 1 differences found; 2 usage error, or a folder that
  cannot be read.

Examples:
  thai-extract diff out-before out-after
  thai-extract diff out-before out-after --json | jq '.documents[].source'

See docs/cli.md ("diff", and guarding a customised rule set with it).
`,
  },
  eval: {
    usage: 'thai-extract eval --gold DIR [--files LIST[:A-B]]… [--records FILE | --pipeline FILE|NAME] [--json]',
    summary: 'precision, recall and F1 against a folder of hand-annotated gold files',
    body: `
Scores published date, title, persons, organisations, locations, dates, events (and per
type), chairs and participation against the gold files in DIR (the gold-dev format).
Runs the pipeline over the gold documents, unless --records gives a records.jsonl to score.

Options:
  -g, --gold DIR         folder of gold *.json files (required)
      --files LIST[:A-B] score only the documents a list file names (its lines A to B);
                         repeat it for one table per list
  -r, --records FILE     score this records.jsonl instead of running the pipeline
  -p, --pipeline FILE|NAME
                         pipeline to run over the gold documents (default: gov-press)
      --json             the reports as JSON, with per-document detail
  -h, --help             this help

Exit codes: 0 scored; 64 usage error (e.g. --gold is not a folder); 78 bad pipeline.

Examples:
  thai-extract eval --gold fixtures/gold
  thai-extract eval --gold ../shared/eval/gold-dev --files ../shared/eval/gold-dev/files.txt:1-40
  thai-extract eval --gold fixtures/gold --pipeline ./my-pipeline.json

See docs/evaluation.md (the gold format, what is counted).
`,
  },
  segment: {
    usage: 'thai-extract segment [--engine NAME] < text.txt',
    summary: 'split Thai text into words: one line in, its tokens joined by | out',
    body: `
Reads lines on standard input and writes each line's tokens joined by | (a space is a
token of its own).

Options:
  -e, --engine NAME      dict (default), wordcut or icu
  -h, --help             this help

Exit codes: 0 done; 64 usage error (e.g. an unknown engine).

Example:
  echo 'นายกรัฐมนตรีเดินทางไปเชียงใหม่' | thai-extract segment --engine icu
`,
  },
  enqueue: {
    usage: 'thai-extract enqueue <inputs…> --queue URL --out DIR [--pipeline P] [--name NAME]',
    summary: 'put one job per document on a Redis (BullMQ) queue, for workers anywhere',
    body: `
Puts one job per input document on the queue (the inputs as for run) and leaves
DIR/queue-batch.json for \`collect\`. Any number of \`worker\` processes on any number of
machines process the jobs; \`collect\` writes the same files as run.

Options:
${QUEUE_OPTIONS}
  -o, --out DIR          the output folder collect will write (required)
  -p, --pipeline FILE|NAME
                         pipeline recorded in the batch (default: gov-press); workers must
                         run one with the same id and rules hash
  -q, --quiet            print nothing on success
  -h, --help             this help

Exit codes: 0 enqueued; 64 usage error; 69 Redis cannot be reached; 70 internal error.

Example:
  thai-extract enqueue corpus --queue redis://10.0.0.5:6379 --out out

See docs/cli.md ("enqueue, worker, collect") for the Redis set-up.
`,
  },
  worker: {
    usage: 'thai-extract worker --queue URL [--pipeline P] [--concurrency N] [--name NAME]',
    summary: 'process queued documents until stopped (Ctrl-C)',
    body: `
Takes jobs from the queue, processes them with the pipeline and stores the results in
Redis, until SIGINT or SIGTERM (it finishes the jobs in hand first). Start as many as you
like, on as many machines.

Options:
${QUEUE_OPTIONS}
  -p, --pipeline FILE|NAME
                         the pipeline to run (default: gov-press); it must have the id and
                         rules hash of the enqueued batch
  -c, --concurrency N    jobs processed at once by this process (default: 1)
      --lock-ms MS       BullMQ's lock on a job (default: 15000); a killed worker's jobs
                         go to another worker after about 4/3 of it
  -q, --quiet            no log lines on stderr
  -h, --help             this help

Exit codes: 0 stopped; 64 usage error; 69 Redis cannot be reached; 78 bad pipeline.

Example:
  thai-extract worker --queue redis://10.0.0.5:6379

See docs/cli.md ("enqueue, worker, collect").
`,
  },
  collect: {
    usage: 'thai-extract collect --queue URL --out DIR [--timeout S] [--batch ID] [--format LIST]',
    summary: 'wait for a queued batch and write its outputs',
    body: `
Waits for the batch's jobs (up to --timeout), then writes the same files as run into DIR,
plus failed-jobs.jsonl for jobs that failed after every retry.

Options:
${QUEUE_OPTIONS}
  -o, --out DIR          output folder (required; not a file)
  -f, --format LIST      comma-separated: jsonl,csv,json (default: jsonl,csv)
      --timeout S        seconds to wait for unfinished jobs (default: 600)
      --batch ID         the batch to collect (default: the one DIR/queue-batch.json names,
                         else the last enqueued)
  -q, --quiet            no summary on stderr
  -h, --help             this help

Exit codes: 0 every document written; 2 some documents failed; 64 usage error; 69 Redis
  cannot be reached; 73 an output cannot be written; 75 DIR is in use; 70 internal error.

Example:
  thai-extract collect --queue redis://10.0.0.5:6379 --out out

See docs/cli.md ("enqueue, worker, collect"), docs/outputs.md.
`,
  },
};

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** `thai-extract <command> --help` */
export function commandHelp(cmd: CommandName): string {
  return `Usage: ${COMMANDS[cmd].usage}\n${COMMANDS[cmd].body}`;
}

/** `thai-extract --help` */
export function overviewHelp(): string {
  const width = Math.max(...COMMAND_NAMES.map((c) => c.length)) + 3;
  const list = COMMAND_NAMES.map((c) => `  ${c.padEnd(width)}${COMMANDS[c].summary}`).join('\n');
  return `thai-extract — Thai press releases to validated structured records

Usage: thai-extract <command> [options]
       thai-extract <command> --help       the command's options and examples
       thai-extract --version

Commands:
${list}

Exit codes:
  0        success (diff: no differences)
  1        diff: differences found
  2        run, collect: some documents failed, the others are written (errors.jsonl);
           diff: usage error, or a folder that cannot be read
  64       usage error: a bad option, --out naming a file, an input that does not exist
  70       an output file cannot be written, Redis cannot be reached, or an internal error
  78       bad pipeline, rule or lexicon file (nothing is processed)
  130/143  interrupted (SIGINT/SIGTERM)

Examples:
  thai-extract run fixtures/seeds --out output
  thai-extract diff output-before output
  thai-extract eval --gold fixtures/gold

Reference: docs/cli.md (commands, exit codes), docs/outputs.md (the output files).
`;
}

/**
 * Edit distance (Levenshtein, a swap of two neighbours counting as one edit): how far a
 * mistyped option or command is from a known one.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known word nearest to `word`, when it is near enough to be what was meant: at most one
 * edit in three characters (at least one), or one of the two starts the other (three
 * characters or more: --conc, --outdir). Null otherwise.
 */
export function nearest(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const prefix = Math.min(word.length, k.length) >= 3 && (k.startsWith(word) || word.startsWith(k));
    const d = prefix ? 0.5 : editDistance(word, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : null;
}
