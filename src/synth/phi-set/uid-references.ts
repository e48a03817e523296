import { formatTag, type Dataset } from '../../dicom/index.js';
import type { PhiReference, ReferenceTarget } from './phi-manifest.js';

/** Which file defines a UID, and what the UID names. */
export interface UidDefinition {
  readonly file: string;
  readonly target: ReferenceTarget;
}

/** The UIDs a file defines at its top level, by what they name (PS3.3 C.12.1, C.7.3.1, C.7.2.1, C.7.4.1). */
const DEFINING_TAGS: ReadonlyMap<number, ReferenceTarget> = new Map([
  [0x00080018, 'instance'],
  [0x0020000e, 'series'],
  [0x0020000d, 'study'],
  [0x00200052, 'frame-of-reference'],
]);

/** UID → defining file; the first file to define a series, study or frame of reference wins. */
export class UidRegistry {
  private readonly definitions = new Map<string, UidDefinition>();

  /** Records the UIDs `dataset` defines at its top level. */
  define(file: string, dataset: Dataset): void {
    for (const [tag, target] of DEFINING_TAGS) {
      const uid = dataset.string(tag);
      if (uid === undefined || uid === '' || this.definitions.has(uid)) continue;
      this.definitions.set(uid, { file, target });
    }
  }

  lookup(uid: string): UidDefinition | undefined {
    return this.definitions.get(uid);
  }
}

/**
 * Every UI value in `dataset`, at any depth, that names an instance, series,
 * study or frame of reference defined by a file of the set — except the
 * file's own top-level defining UIDs. Paths as in the manifest:
 * `(0040,A730)[5]/(0008,1199)[0]/(0008,1155)`.
 */
export function uidReferences(
  file: string,
  dataset: Dataset,
  registry: UidRegistry,
): PhiReference[] {
  const out: PhiReference[] = [];
  const walk = (level: Dataset, prefix: string): void => {
    for (const tag of level.tags()) {
      const element = level.elements.get(tag);
      if (element === undefined) continue;
      const path = `${prefix}${formatTag(tag)}`;
      if (element.items !== undefined) {
        element.items.forEach((item, i) => walk(item, `${path}[${i}]/`));
        continue;
      }
      if (element.vr !== 'UI' || (prefix === '' && DEFINING_TAGS.has(tag))) continue;
      for (const uid of level.strings(tag) ?? []) {
        const definition = registry.lookup(uid);
        if (definition === undefined) continue;
        out.push({ fromFile: file, path, uid, toFile: definition.file, target: definition.target });
      }
    }
  };
  walk(dataset, '');
  return out;
}
