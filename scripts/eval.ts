// npx vite-node scripts/eval.ts [GOLD_DIR] [--records FILE] — P/R/F1 table over a gold folder (default fixtures/gold)
import { evalCommand } from '../src/eval/index.js';

const argv = process.argv.slice(2);
const ri = argv.indexOf('--records');
const records = ri >= 0 ? argv[ri + 1] : undefined;
const gold = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--records') ?? 'fixtures/gold';
await evalCommand({ gold, records }, process.stdout);
