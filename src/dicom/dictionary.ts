import {
  PRIVATE_ELEMENTS,
  REPEATING_ELEMENTS,
  STANDARD_ELEMENTS,
  UID_REGISTRY,
} from './dictionary-data.js';
import { isVr, type Vr } from './vr.js';
import { makeTag, tagElement, tagGroup, tagHex, type Tag } from './tag.js';

/** One entry of the data dictionary (PS3.6 section 6). */
export interface DictionaryEntry {
  readonly tag: Tag;
  /** The VR to use when the encoding does not say (implicit VR); the first of a choice such as `US or SS`. */
  readonly vr: Vr;
  /** All VRs the dictionary allows, e.g. `['US', 'SS']`. */
  readonly vrs: readonly Vr[];
  readonly vm: string;
  readonly keyword: string;
  readonly name: string;
  readonly retired: boolean;
}

function parseVrs(text: string): Vr[] {
  const vrs = text.split(/\s+or\s+/).filter(isVr);
  return vrs.length > 0 ? vrs : ['UN'];
}

let byTag: Map<Tag, DictionaryEntry> | undefined;
let byKeyword: Map<string, DictionaryEntry> | undefined;
let repeaters: { mask: number; value: number; entry: Omit<DictionaryEntry, 'tag'> }[] | undefined;

function load(): void {
  const tagMap = new Map<Tag, DictionaryEntry>();
  const keywordMap = new Map<string, DictionaryEntry>();
  for (const [hex, vrText, vm, keyword, name, retired] of STANDARD_ELEMENTS) {
    const vrs = parseVrs(vrText);
    const entry: DictionaryEntry = {
      tag: Number.parseInt(hex, 16) >>> 0,
      vr: vrs[0] ?? 'UN',
      vrs,
      vm,
      keyword,
      name,
      retired: retired === 1,
    };
    tagMap.set(entry.tag, entry);
    if (keyword !== '') keywordMap.set(keyword, entry);
  }
  const repeaterList: NonNullable<typeof repeaters> = [];
  for (const [maskText, vrText, vm, keyword, name, retired] of REPEATING_ELEMENTS) {
    const vrs = parseVrs(vrText);
    const mask =
      Number.parseInt(maskText.replace(/[0-9A-Fa-f]/g, 'F').replace(/x/g, '0'), 16) >>> 0;
    const value = Number.parseInt(maskText.replace(/x/g, '0'), 16) >>> 0;
    const entry = { vr: vrs[0] ?? 'UN', vrs, vm, keyword, name, retired: retired === 1 } as const;
    repeaterList.push({ mask, value, entry });
    if (keyword !== '' && !keywordMap.has(keyword))
      keywordMap.set(keyword, { ...entry, tag: value });
  }
  byTag = tagMap;
  byKeyword = keywordMap;
  repeaters = repeaterList;
}

/** Looks up a standard element, including repeating groups such as overlays (60xx) and curves (50xx). */
export function lookupTag(tag: Tag): DictionaryEntry | undefined {
  if (byTag === undefined) load();
  const direct = byTag?.get(tag);
  if (direct !== undefined) return direct;
  if (tagElement(tag) === 0x0000) {
    return {
      tag,
      vr: 'UL',
      vrs: ['UL'],
      vm: '1',
      keyword: 'GenericGroupLength',
      name: 'Generic Group Length',
      retired: true,
    };
  }
  for (const r of repeaters ?? []) {
    if ((tag & r.mask) >>> 0 === r.value) return { ...r.entry, tag };
  }
  return undefined;
}

/** Looks up a standard element by its PS3.6 keyword, e.g. `PatientName`. */
export function lookupKeyword(keyword: string): DictionaryEntry | undefined {
  if (byKeyword === undefined) load();
  return byKeyword?.get(keyword);
}

/** The tag of a PS3.6 keyword; throws for an unknown keyword (a programming error, not bad input). */
export function tagOf(keyword: string): Tag {
  const entry = lookupKeyword(keyword);
  if (entry === undefined) throw new TypeError(`unknown DICOM keyword: ${keyword}`);
  return entry.tag;
}

/** A private element's dictionary entry, keyed by its private creator (PS3.5 section 7.8.1). */
export interface PrivateDictionaryEntry {
  readonly creator: string;
  readonly vr: Vr;
  readonly vm: string;
  readonly name: string;
}

let privateIndex: Map<string, Map<string, PrivateDictionaryEntry>> | undefined;

/**
 * Looks up a private element by creator and its tag with the block byte masked out,
 * so the same element is found whichever block (gggg,10xx … gggg,FFxx) a file reserved.
 */
export function lookupPrivate(creator: string, tag: Tag): PrivateDictionaryEntry | undefined {
  if (privateIndex === undefined) {
    privateIndex = new Map();
    for (const [name, rows] of Object.entries(PRIVATE_ELEMENTS)) {
      const map = new Map<string, PrivateDictionaryEntry>();
      for (const [mask, vrText, vm, description] of rows) {
        map.set(mask.toUpperCase(), {
          creator: name,
          vr: parseVrs(vrText)[0] ?? 'UN',
          vm,
          name: description,
        });
      }
      privateIndex.set(name, map);
    }
  }
  const entries = privateIndex.get(creator) ?? privateIndex.get(creator.trim());
  if (entries === undefined) return undefined;
  const hex = tagHex(makeTag(tagGroup(tag), tagElement(tag) & 0xff));
  const group = hex.slice(0, 4);
  const element = hex.slice(6);
  return entries.get(`${group}XX${element}`) ?? entries.get(`${group.slice(0, 2)}XXXX${element}`);
}

/** An entry of the UID registry (PS3.6 Annex A). */
export interface UidEntry {
  readonly uid: string;
  readonly name: string;
  readonly type: string;
  readonly keyword: string;
}

let uidIndex: Map<string, UidEntry> | undefined;

/** Registry entries added to the standard after the generated table was made. */
const LATE_UIDS: readonly UidEntry[] = [
  {
    uid: '1.2.840.10008.1.2.4.201',
    name: 'High-Throughput JPEG 2000 Image Compression (Lossless Only)',
    type: 'Transfer Syntax',
    keyword: 'HTJ2KLossless',
  },
  {
    uid: '1.2.840.10008.1.2.4.202',
    name: 'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)',
    type: 'Transfer Syntax',
    keyword: 'HTJ2KLosslessRPCL',
  },
  {
    uid: '1.2.840.10008.1.2.4.203',
    name: 'High-Throughput JPEG 2000 Image Compression',
    type: 'Transfer Syntax',
    keyword: 'HTJ2K',
  },
  {
    uid: '1.2.840.10008.1.2.4.110',
    name: 'JPEG XL Lossless',
    type: 'Transfer Syntax',
    keyword: 'JPEGXLLossless',
  },
  {
    uid: '1.2.840.10008.1.2.4.111',
    name: 'JPEG XL JPEG Recompression',
    type: 'Transfer Syntax',
    keyword: 'JPEGXLJPEGRecompression',
  },
  { uid: '1.2.840.10008.1.2.4.112', name: 'JPEG XL', type: 'Transfer Syntax', keyword: 'JPEGXL' },
  {
    uid: '1.2.840.10008.1.2.8.1',
    name: 'Deflated Image Frame Compression',
    type: 'Transfer Syntax',
    keyword: 'DeflatedImageFrameCompression',
  },
  {
    uid: '1.2.840.10008.1.2.1.98',
    name: 'Encapsulated Uncompressed Explicit VR Little Endian',
    type: 'Transfer Syntax',
    keyword: 'EncapsulatedUncompressedExplicitVRLittleEndian',
  },
  {
    uid: '1.2.840.10008.5.1.4.1.1.66.7',
    name: 'Label Map Segmentation Storage',
    type: 'SOP Class',
    keyword: 'LabelMapSegmentationStorage',
  },
];

/** Looks up a UID in the registry (SOP classes, transfer syntaxes, well-known instances). */
export function lookupUid(uid: string): UidEntry | undefined {
  if (uidIndex === undefined) {
    uidIndex = new Map();
    for (const [value, name, type, keyword] of UID_REGISTRY)
      uidIndex.set(value, { uid: value, name, type, keyword });
    for (const entry of LATE_UIDS) if (!uidIndex.has(entry.uid)) uidIndex.set(entry.uid, entry);
  }
  return uidIndex.get(uid);
}
