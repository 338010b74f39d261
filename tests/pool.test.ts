import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TASKS_AHEAD, ThreadPool } from '../src/pipeline/pool.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pool-test-worker.mjs');
// the test worker's tasks are not WorkerTasks
const run = (pool: ThreadPool, task: object) => pool.run(task as never) as unknown as Promise<{ ok: true; value: [number, string, number, string[]] }>;

describe('ThreadPool', () => {
  it('sends a thread its next task before it answers the current one, never more than TASKS_AHEAD', async () => {
    expect(TASKS_AHEAD).toBe(2);
    const pool = new ThreadPool(WORKER, 1);
    try {
      const replies = await Promise.all(['a', 'b', 'c'].map((echo) => run(pool, { echo, ms: 50 })));
      // [echo, tasks the thread had received when it answered]: 'b' was there before 'a' was answered, 'c' only after
      expect(replies.map((r) => [r.value[1], r.value[2]])).toEqual([['a', 2], ['b', 3], ['c', 3]]);
    } finally {
      await pool.destroy();
    }
  });

  it('with ahead = 1, a thread gets its next task only when it has answered', async () => {
    const pool = new ThreadPool(WORKER, 1, undefined, 1);
    try {
      const replies = await Promise.all(['a', 'b'].map((echo) => run(pool, { echo, ms: 20 })));
      expect(replies.map((r) => [r.value[1], r.value[2]])).toEqual([['a', 1], ['b', 2]]);
    } finally {
      await pool.destroy();
    }
  });

  it('runs tasks one at a time per thread, in the order asked, on every thread', async () => {
    const pool = new ThreadPool(WORKER, 2);
    try {
      const replies = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((echo) => run(pool, { echo, ms: 20 })));
      expect(replies.map((r) => r.value[1])).toEqual(['a', 'b', 'c', 'd', 'e']);
      // the first two tasks went to the two threads at once
      expect(new Set(replies.slice(0, 2).map((r) => r.value[0])).size).toBe(2);
    } finally {
      await pool.destroy();
    }
  });

  it('a thread that dies fails only its own task; a new thread takes its place and the task sent ahead', async () => {
    const pool = new ThreadPool(WORKER, 1);
    try {
      // 'next' was sent to the thread with the crash (TASKS_AHEAD), and goes to the new one
      const [crashed, after] = await Promise.allSettled([run(pool, { crash: true }), run(pool, { echo: 'next' })]);
      expect([crashed.status, crashed.status === 'rejected' ? String(crashed.reason) : '']).toEqual([
        'rejected', 'Error: worker thread exited (code 3)',
      ]);
      expect(after.status === 'fulfilled' ? after.value.value[1] : after).toEqual('next');
    } finally {
      await pool.destroy();
    }
  });

  it('sendBack sends a message that is not a task to the thread an answer came from; false for any other value, and once destroyed', async () => {
    const pool = new ThreadPool(WORKER, 2);
    try {
      const [a, b] = await Promise.all([run(pool, { echo: 'a', ms: 20 }), run(pool, { echo: 'b', ms: 20 })]);
      expect(a.value[0]).not.toBe(b.value[0]);
      expect([pool.sendBack(a.value, { note: 'for a' }), pool.sendBack({}, { note: 'nobody' })]).toEqual([true, false]);
      const later = await Promise.all([run(pool, { echo: 'c', ms: 20 }), run(pool, { echo: 'd', ms: 20 })]);
      const notesOf = (thread: number) => later.find((r) => r.value[0] === thread)!.value[3];
      expect([notesOf(a.value[0]), notesOf(b.value[0])]).toEqual([['for a'], []]);
      // a note is not a task: each thread has received two tasks
      expect(later.map((r) => r.value[2])).toEqual([2, 2]);
    } finally {
      await pool.destroy();
    }
    expect(pool.sendBack({}, { note: 'late' })).toBe(false);
  });

  it('destroy() fails the tasks still waiting or running, and later runs', async () => {
    const pool = new ThreadPool(WORKER, 1);
    const early = Promise.allSettled([run(pool, { echo: 'slow', ms: 5_000 }), run(pool, { echo: 'queued' })]);
    await pool.destroy();
    const settled = [...(await early), ...(await Promise.allSettled([run(pool, { echo: 'late' })]))];
    expect(settled.map((s) => (s.status === 'rejected' ? String(s.reason) : s.status))).toEqual([
      'Error: the thread pool was destroyed', 'Error: the thread pool was destroyed', 'Error: the thread pool was destroyed',
    ]);
  });
});
