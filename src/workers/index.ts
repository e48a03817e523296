/** Worker threads shared by the domains that spread work over cores (de-identification, ingest). */
export {
  serveWorkerTasks,
  startWorkerPool,
  workerScriptBeside,
  type PoolReply,
  type PoolRequest,
  type PoolRunner,
  type WorkerPool,
} from './worker-pool.js';
