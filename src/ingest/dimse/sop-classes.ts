/**
 * Which abstract syntaxes the listener accepts (PS3.4 Annex A Verification,
 * Annex B Storage): Verification, and Storage SOP classes as named in the
 * UID registry of src/dicom (PS3.6 Annex A).
 */
import { lookupUid } from '../../dicom/index.js';

/** Verification SOP Class (PS3.4 Annex A; C-ECHO). */
export const VERIFICATION_SOP_CLASS_UID = '1.2.840.10008.1.1';

/** Root of the Storage SOP classes PS3.4 Annex B lists (`1.2.840.10008.5.1.4.1.1.x`). */
const STORAGE_ROOT = '1.2.840.10008.5.1.4.1.1.';
/** The DICOM UID root: anything else is a private (or another organisation's) UID. */
const DICOM_ROOT = '1.2.840.10008.';

/**
 * Whether C-STORE of this SOP class is accepted (PS3.4 Annex B):
 * - a registry SOP class whose name says Storage (but not Storage Commitment,
 *   a different service class, PS3.4 Annex J);
 * - a UID under the Storage root the registry does not know yet (the
 *   generated table lags the standard; the root's only non-storage entries,
 *   the Protocol Approval query/retrieve classes, are in the registry);
 * - a private SOP class (outside the DICOM root): vendors store private
 *   objects (e.g. Siemens CSA Non-Image Storage, 1.3.12.2.1107.5.9.1) and
 *   C-STORE is the only DIMSE service here a private context can reach.
 */
export function isStorageSopClass(uid: string): boolean {
  const entry = lookupUid(uid);
  if (entry !== undefined) {
    if (entry.type !== 'SOP Class') return false;
    if (entry.name.includes('Storage Commitment')) return false;
    if (entry.name.includes('Storage')) return true;
    return uid.startsWith(STORAGE_ROOT) && !/ - (FIND|MOVE|GET)$/.test(entry.name);
  }
  if (uid.startsWith(STORAGE_ROOT)) return true;
  return !uid.startsWith(DICOM_ROOT) && /^[0-9]+(\.[0-9]+)+$/.test(uid);
}
