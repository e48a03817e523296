export { startDimseListener, type DimseListener, type DimseListenerOptions } from './listener.js';
export type { ReceivedInstance, StoreOutcome } from './received-instance.js';
export type { DimseEvent } from './dimse-event.js';
export { DIMSE_STATUS, storeStatus, type StoreStatus } from './dimse-status.js';
export { isStorageSopClass, VERIFICATION_SOP_CLASS_UID } from './sop-classes.js';
