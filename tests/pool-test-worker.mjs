// A worker for tests/pool.test.ts: answers { echo } with { ok, value: [threadId, echo] } after
// `ms` milliseconds; { crash: true } kills the thread without answering.
import { parentPort, threadId } from 'node:worker_threads';

parentPort.on('message', (task) => {
  if (task.crash) process.exit(3);
  setTimeout(() => parentPort.postMessage({ ok: true, value: [threadId, task.echo] }), task.ms ?? 0);
});
