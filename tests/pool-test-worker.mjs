// A worker for tests/pool.test.ts, answering its tasks one at a time in the order received (as
// worker.js does): { echo } gets { ok, value: [threadId, echo, tasks received so far, notes
// received so far] } after `ms` milliseconds; { crash: true } kills the thread without
// answering; { note } is not a task (ThreadPool.sendBack): kept, never answered.
import { parentPort, threadId } from 'node:worker_threads';

let received = 0;
const notes = [];
let last = Promise.resolve();
parentPort.on('message', (task) => {
  if (task.note !== undefined) {
    notes.push(task.note);
    return;
  }
  received++;
  last = last.then(() => new Promise((resolve) => {
    if (task.crash) process.exit(3);
    setTimeout(() => {
      parentPort.postMessage({ ok: true, value: [threadId, task.echo, received, [...notes]] });
      resolve();
    }, task.ms ?? 0);
  }));
});
