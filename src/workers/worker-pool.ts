import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type TransferListItem } from 'node:worker_threads';

/** Runs one task on some worker; resolves with the worker's reply. */
export type PoolRunner<Task, Result> = (
  task: Task,
  transfer?: readonly TransferListItem[],
) => Promise<Result>;

export interface WorkerPool<Task, Result> {
  readonly run: PoolRunner<Task, Result>;
  readonly size: number;
  close(): Promise<void>;
}

/** What the pool posts to a worker, and what the worker posts back for it. */
export interface PoolRequest<Task> {
  readonly id: number;
  readonly task: Task;
}
export interface PoolReply<Result> {
  readonly id: number;
  readonly result: Result;
}

/**
 * Tasks posted ahead to each worker. With one, a worker sat idle whenever
 * the main thread was busy (a catalog commit, a header read) at the moment
 * it finished: its next task waited for the event loop. Two keeps the next
 * one already in its queue.
 */
const DEFAULT_TASKS_PER_WORKER = 2;

/**
 * A fixed pool of worker threads running `script`. The script answers each
 * {@link PoolRequest} with one {@link PoolReply} of the same id (see
 * {@link serveWorkerTasks}). A worker that dies fails only the task it was
 * running (with `onCrash`'s result; the tasks queued behind it run on
 * another worker) and is replaced, so one poisonous input cannot stall or
 * shrink the pool.
 */
export function startWorkerPool<Task, Result>(options: {
  readonly script: string;
  readonly size: number;
  readonly workerData: unknown;
  readonly onCrash: (error: Error) => Result;
  readonly tasksPerWorker?: number;
}): WorkerPool<Task, Result> {
  const depth = options.tasksPerWorker ?? DEFAULT_TASKS_PER_WORKER;
  interface Held {
    readonly task: Task;
    readonly settle: (result: Result) => void;
  }
  /** Each live worker and the tasks it holds, by id (ids rise in posting order). */
  const held = new Map<Worker, Map<number, Held>>();
  const waiting: (() => void)[] = [];
  let nextId = 0;
  let closed = false;
  const start = (): void => {
    const worker = new Worker(options.script, { workerData: options.workerData });
    const tasks = new Map<number, Held>();
    held.set(worker, tasks);
    worker.on('message', (reply: PoolReply<Result>) => {
      const entry = tasks.get(reply.id);
      tasks.delete(reply.id);
      entry?.settle(reply.result);
      waiting.shift()?.();
    });
    const crashed = (error: Error): void => {
      if (!held.has(worker)) return; // 'exit' follows 'error': handled once
      held.delete(worker);
      // The worker ran its tasks in order: the oldest one killed it and
      // fails; the ones queued behind it never started and run elsewhere.
      const [culprit, ...innocent] = [...tasks.entries()].sort((a, b) => a[0] - b[0]);
      tasks.clear();
      if (!closed) start();
      culprit?.[1].settle(options.onCrash(error));
      for (const [, entry] of innocent) void run(entry.task).then(entry.settle);
      for (let i = 0; i < depth; i++) waiting.shift()?.();
    };
    worker.on('error', crashed);
    // A worker can also end without an error event (process.exit, out of memory).
    worker.on('exit', (code) => {
      if (!closed) crashed(new Error(`worker exited with code ${code}`));
    });
  };
  for (let i = 0; i < options.size; i++) start();
  /** The live worker holding the fewest tasks, if it has room for another. */
  const leastBusy = (): [Worker, Map<number, Held>] | undefined => {
    let best: [Worker, Map<number, Held>] | undefined;
    for (const entry of held) if (best === undefined || entry[1].size < best[1].size) best = entry;
    return best !== undefined && best[1].size < depth ? best : undefined;
  };
  const run: PoolRunner<Task, Result> = async (task, transfer) => {
    let slot = leastBusy();
    while (slot === undefined) {
      await new Promise<void>((resolveWait) => waiting.push(resolveWait));
      slot = leastBusy();
    }
    const [worker, tasks] = slot;
    const id = nextId++;
    return new Promise<Result>((settle) => {
      tasks.set(id, { task, settle });
      worker.postMessage({ id, task } satisfies PoolRequest<Task>, transfer);
    });
  };
  return {
    run,
    size: options.size,
    close: async () => {
      closed = true;
      await Promise.all([...held.keys()].map((w) => w.terminate()));
    },
  };
}

/**
 * The worker side: answers every request posted by the pool with `handle`'s
 * result, one task at a time in arrival order (tasks queue in the port).
 * `handle` should not throw; if it does, the rejection ends the worker and
 * the pool fails the tasks it held and starts another.
 */
export function serveWorkerTasks<Task, Result>(
  port: {
    on(event: 'message', listener: (message: PoolRequest<Task>) => void): unknown;
    postMessage(message: PoolReply<Result>): void;
  },
  handle: (task: Task) => Promise<Result>,
): void {
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (request) => {
    queue = queue.then(async () => {
      port.postMessage({ id: request.id, result: await handle(request.task) });
    });
  });
}

/**
 * The compiled worker script `name` beside the module at `moduleUrl`
 * (`import.meta.url`): present in dist/, absent when running from the
 * TypeScript sources, where callers work in their own thread instead.
 */
export function workerScriptBeside(moduleUrl: string, name: string): string | undefined {
  const path = fileURLToPath(new URL(`./${name}`, moduleUrl));
  return existsSync(path) ? path : undefined;
}
