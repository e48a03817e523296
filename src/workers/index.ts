/** Worker threads shared by the domains that spread work over cores (de-identification, ingest). */
export { startWorkerPool, type PoolRunner, type WorkerPool } from './worker-pool.js';
