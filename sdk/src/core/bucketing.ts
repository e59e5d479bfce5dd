/**
 * Deterministic, language-neutral bucketing (spec and test vectors in docs/bucketing.md):
 *
 *   bucket = murmur3_x86_32(utf8(salt + ":" + String(keyValue)), seed 0) mod bucketCount
 *
 * This is the ONE implementation: the console imports it from here, and Java / Go scoring
 * services reproduce it from the published vectors. Changing any byte of the formula moves
 * live traffic between solutions, so the vectors in bucketing.test.ts must never change.
 *
 * The SDK is a standalone package: nothing here may import from the console.
 */

export const MAX_BUCKET_COUNT = 10_000;

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Key values hashed as their decimal text, so numeric 234 and string "234" agree. */
export type BucketKey = string | number | bigint;

export interface BucketOfInput {
  salt: string;
  keyValue: BucketKey;
  bucketCount: number;
}

/** MurmurHash3 x86 32-bit of `bytes`, as an unsigned 32-bit integer. */
export function murmur3_x86_32(bytes: Uint8Array, seed = 0): number {
  return murmurView(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength, seed);
}

/** The 32-bit hash behind `bucketOf` (unsigned), shown in the console's vector table. */
export function hashKey(salt: string, keyValue: BucketKey): number {
  const text = keyText(keyValue);
  const prefix = prefixOf(salt);
  if (prefix) {
    const hash = murmurAsciiAfter(prefix, text);
    if (hash >= 0) return hash;
  }
  return hashUtf8(salt + ":" + text);
}

/** The bucket (0 .. bucketCount-1) of a key value for an app's salt. */
export function bucketOf({ salt, keyValue, bucketCount }: BucketOfInput): number {
  if (!Number.isInteger(bucketCount) || bucketCount < 1 || bucketCount > MAX_BUCKET_COUNT) {
    throw new RangeError(`bucketCount must be an integer from 1 to ${MAX_BUCKET_COUNT}, got ${bucketCount}`);
  }
  return hashKey(salt, keyValue) % bucketCount;
}

function keyText(keyValue: BucketKey): string {
  // Java's Long.toString and Go's strconv agree with String() only on integers JS holds exactly;
  // 1.5, 1e21 or a uid above 2^53 would silently land in a different bucket elsewhere.
  if (typeof keyValue === "number" && !Number.isSafeInteger(keyValue)) {
    throw new RangeError(`numeric key ${keyValue} is not a safe integer; pass it as a string`);
  }
  return String(keyValue);
}

/** murmur3 of the UTF-8 bytes of `text`, seed 0; ASCII text is hashed without being encoded. */
function hashUtf8(text: string): number {
  const ascii = murmurAscii(text);
  if (ascii >= 0) return ascii;
  const length = encodeToScratch(text);
  return murmurView(scratchView, length, 0);
}

/**
 * Hashes ASCII text straight from its UTF-16 code units (which equal its UTF-8 bytes), in the
 * same pass that checks it is ASCII. Returns -1 at the first non-ASCII unit.
 */
function murmurAscii(text: string): number {
  const length = text.length;
  const blockEnd = length & ~3;
  let h = 0;
  let i = 0;
  for (; i < blockEnd; i += 4) {
    const b0 = text.charCodeAt(i);
    const b1 = text.charCodeAt(i + 1);
    const b2 = text.charCodeAt(i + 2);
    const b3 = text.charCodeAt(i + 3);
    if ((b0 | b1 | b2 | b3) > 0x7f) return -1;
    h = mixBlock(h, b0 | (b1 << 8) | (b2 << 16) | (b3 << 24));
  }
  let k = 0;
  switch (length & 3) {
    case 3: {
      const b = text.charCodeAt(i + 2);
      if (b > 0x7f) return -1;
      k ^= b << 16;
    }
    // falls through
    case 2: {
      const b = text.charCodeAt(i + 1);
      if (b > 0x7f) return -1;
      k ^= b << 8;
    }
    // falls through
    case 1: {
      const b = text.charCodeAt(i);
      if (b > 0x7f) return -1;
      h ^= scrambleK(k ^ b);
    }
  }
  return finalize(h, length);
}

/**
 * The murmur state after the bytes of `salt + ":"`: full blocks mixed into `h`, the 0-3 bytes
 * left over in `tail`. Every key of an app shares the prefix, so it is hashed once per salt and
 * the key's bytes continue from it, without building (and flattening) the joined string.
 */
interface PrefixState {
  h: number;
  tail: number;
  tailLength: number;
  length: number;
}

const PREFIX_CACHE_LIMIT = 256;
const prefixes = new Map<string, PrefixState | null>();

/** The cached state after `salt + ":"`, or null for a salt that is not ASCII. */
function prefixOf(salt: string): PrefixState | null {
  let state = prefixes.get(salt);
  if (state !== undefined) return state;
  state = { h: 0, tail: 0, tailLength: 0, length: 0 };
  const text = salt + ":";
  for (let i = 0; i < text.length && state; i++) {
    const b = text.charCodeAt(i);
    state = b > 0x7f ? null : pushByte(state, b);
  }
  if (prefixes.size >= PREFIX_CACHE_LIMIT) prefixes.clear();
  prefixes.set(salt, state);
  return state;
}

function pushByte(state: PrefixState, b: number): PrefixState {
  const tail = state.tail | (b << (state.tailLength << 3));
  if (state.tailLength === 3) return { h: mixBlock(state.h, tail), tail: 0, tailLength: 0, length: state.length + 1 };
  return { h: state.h, tail, tailLength: state.tailLength + 1, length: state.length + 1 };
}

/** Continues the hash of an ASCII prefix over ASCII `text`; -1 at the first non-ASCII unit. */
function murmurAsciiAfter(prefix: PrefixState, text: string): number {
  let h = prefix.h;
  let k = prefix.tail;
  let n = prefix.tailLength;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const b = text.charCodeAt(i);
    if (b > 0x7f) return -1;
    k |= b << (n << 3);
    if (++n === 4) {
      h = mixBlock(h, k);
      k = 0;
      n = 0;
    }
  }
  if (n > 0) h ^= scrambleK(k);
  return finalize(h, prefix.length + length);
}

function murmurView(view: DataView, length: number, seed: number): number {
  const blockEnd = length & ~3;
  let h = seed | 0;
  let i = 0;
  for (; i < blockEnd; i += 4) h = mixBlock(h, view.getInt32(i, true));
  let k = 0;
  switch (length & 3) {
    case 3:
      k ^= view.getUint8(i + 2) << 16;
    // falls through
    case 2:
      k ^= view.getUint8(i + 1) << 8;
    // falls through
    case 1:
      h ^= scrambleK(k ^ view.getUint8(i));
  }
  return finalize(h, length);
}

function scrambleK(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function mixBlock(h: number, k: number): number {
  h ^= scrambleK(k);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalize(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Non-ASCII text is encoded into one growing buffer reused across calls; encodeInto turns lone
// surrogates into U+FFFD exactly as TextEncoder.encode (and Java's / Go's encoders) do.
const encoder = new TextEncoder();
let scratch = new Uint8Array(1024);
let scratchView = new DataView(scratch.buffer);

function encodeToScratch(text: string): number {
  // Each UTF-16 code unit becomes at most 3 UTF-8 bytes (a surrogate pair: 2 units, 4 bytes).
  const needed = text.length * 3;
  if (needed > scratch.length) {
    scratch = new Uint8Array(Math.max(needed, scratch.length * 2));
    scratchView = new DataView(scratch.buffer);
  }
  return encoder.encodeInto(text, scratch).written;
}
