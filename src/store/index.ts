export { writeFileAtomicSync } from './atomic-write.js';
