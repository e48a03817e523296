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

/**
 * A fixed pool of worker threads running `script`, each handling one task at
 * a time: a worker posts exactly one message per task it receives. A worker
 * that dies fails only the task it held (with `onCrash`'s result) and is
 * replaced, so one poisonous input cannot stall or shrink the pool.
 */
export function startWorkerPool<Task, Result>(options: {
  readonly script: string;
  readonly size: number;
  readonly workerData: unknown;
  readonly onCrash: (error: Error) => Result;
}): WorkerPool<Task, Result> {
  const workers = new Set<Worker>();
  const idle: Worker[] = [];
  const waiting: (() => void)[] = [];
  /** The task each busy worker holds, by the callback that settles it. */
  const busy = new Map<Worker, (result: Result) => void>();
  let closed = false;
  const makeIdle = (worker: Worker): void => {
    idle.push(worker);
    waiting.shift()?.();
  };
  const settle = (worker: Worker, result: Result): void => {
    const callback = busy.get(worker);
    busy.delete(worker);
    callback?.(result);
  };
  const start = (): Worker => {
    const worker = new Worker(options.script, { workerData: options.workerData });
    workers.add(worker);
    worker.on('message', (message: Result) => {
      settle(worker, message);
      makeIdle(worker);
    });
    worker.on('error', (error) => {
      workers.delete(worker);
      settle(worker, options.onCrash(error));
      if (!closed) makeIdle(start());
    });
    return worker;
  };
  for (let i = 0; i < options.size; i++) makeIdle(start());
  const run: PoolRunner<Task, Result> = async (task, transfer) => {
    while (idle.length === 0) await new Promise<void>((resolveWait) => waiting.push(resolveWait));
    const worker = idle.pop() as Worker;
    return new Promise<Result>((resolveTask) => {
      busy.set(worker, resolveTask);
      worker.postMessage(task, transfer);
    });
  };
  return {
    run,
    size: options.size,
    close: async () => {
      closed = true;
      await Promise.all([...workers].map((w) => w.terminate()));
    },
  };
}
