import { createHash } from 'node:crypto';

/**
 * A UID under the `2.25` root (PS3.5 section B.2: a UUID as one decimal
 * integer), derived from the generation seed and a path naming the object
 * (`study/3/series/1`). Same seed and path, same UID; different seeds never
 * share UIDs in practice (128 bits of SHA-256). The UUID version nibble is
 * set to 8 ("custom", RFC 9562) and the variant bits to 10, so the integer is
 * a well-formed UUID.
 */
export function syntheticUid(seed: string, path: string): string {
  const digest = createHash('sha256').update(`radset-synth\u0000${seed}\u0000${path}`).digest();
  const bytes = Uint8Array.from(digest.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return `2.25.${value.toString(10)}`;
}
