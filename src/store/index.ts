/** Blob storage (DESIGN.md `store/`): content-addressed, local folder now, S3 later. */
export { writeFileAtomicSync } from './atomic-write.js';
export { LocalBlobStore, type BlobRef, type BlobStore } from './blob-store.js';
export { Quarantine, type QuarantineRecord } from './quarantine.js';
