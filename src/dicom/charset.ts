import type { Vr } from './vr.js';

/**
 * Decodes the bytes of a character string value in the Specific Character Set
 * (0008,0005) in force (PS3.5 section 6.1, PS3.3 C.12.1.1.2).
 * Placeholder: single-byte and UTF-8 sets only; ISO 2022 code extensions follow.
 */
export function decodeText(bytes: Uint8Array, characterSets: readonly string[], _vr: Vr): string {
  const first = (characterSets[0] ?? '').trim();
  const label = first === 'ISO_IR 192' ? 'utf-8' : first === 'GB18030' ? 'gb18030' : 'latin1';
  return new TextDecoder(label).decode(bytes);
}

/** Encodes text for a value under the given Specific Character Set. */
export function encodeText(text: string, _characterSets: readonly string[], _vr: Vr): Uint8Array {
  return new TextEncoder().encode(text);
}
