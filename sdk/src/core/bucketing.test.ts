import { describe, expect, it } from "vitest";
import { bucketOf, hashKey, murmur3_x86_32, type BucketKey } from "./bucketing";

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (n: number) => "0x" + n.toString(16).padStart(8, "0");

/**
 * Textbook murmur3 over TextEncoder bytes in BigInt arithmetic: slow, but shares no code and no
 * Math.imul / sign tricks with the implementation under test.
 */
function referenceMurmur3(bytes: Uint8Array, seed: number): number {
  const M = 0xffffffffn;
  const mul = (a: bigint, b: bigint) => (a * b) & M;
  const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (32n - r))) & M;
  const scramble = (k: bigint) => mul(rotl(mul(k, 0xcc9e2d51n), 15n), 0x1b873593n);
  const byteAt = (i: number) => BigInt(bytes[i] ?? 0);
  let h = BigInt(seed >>> 0);
  const blockEnd = bytes.length - (bytes.length % 4);
  for (let i = 0; i < blockEnd; i += 4) {
    const k = byteAt(i) | (byteAt(i + 1) << 8n) | (byteAt(i + 2) << 16n) | (byteAt(i + 3) << 24n);
    h = (mul(rotl(h ^ scramble(k), 13n), 5n) + 0xe6546b64n) & M;
  }
  let tail = 0n;
  for (let i = bytes.length - 1; i >= blockEnd; i--) tail = (tail << 8n) | byteAt(i);
  if (bytes.length % 4 !== 0) h ^= scramble(tail);
  h ^= BigInt(bytes.length);
  h ^= h >> 16n;
  h = mul(h, 0x85ebca6bn);
  h ^= h >> 13n;
  h = mul(h, 0xc2b2ae35n);
  h ^= h >> 16n;
  return Number(h);
}

// Public murmur3_x86_32 vectors; every one was also checked against Guava's murmur3_32_fixed.
const BYTE_VECTORS: { name: string; bytes: Uint8Array; seed: number; hash: number }[] = [
  { name: "empty, seed 0", bytes: new Uint8Array([]), seed: 0, hash: 0x00000000 },
  { name: "empty, seed 1", bytes: new Uint8Array([]), seed: 1, hash: 0x514e28b7 },
  { name: "empty, seed 0xffffffff", bytes: new Uint8Array([]), seed: 0xffffffff, hash: 0x81f16f39 },
  { name: "ff ff ff ff", bytes: new Uint8Array([0xff, 0xff, 0xff, 0xff]), seed: 0, hash: 0x76293b50 },
  { name: "21 43 65 87", bytes: new Uint8Array([0x21, 0x43, 0x65, 0x87]), seed: 0, hash: 0xf55b516b },
  { name: "21 43 65 87, seed", bytes: new Uint8Array([0x21, 0x43, 0x65, 0x87]), seed: 0x5082edee, hash: 0x2362f9de },
  { name: "21 43 65 (tail 3)", bytes: new Uint8Array([0x21, 0x43, 0x65]), seed: 0, hash: 0x7e4a8634 },
  { name: "21 43 (tail 2)", bytes: new Uint8Array([0x21, 0x43]), seed: 0, hash: 0xa0f7b07a },
  { name: "21 (tail 1)", bytes: new Uint8Array([0x21]), seed: 0, hash: 0x72661cf4 },
  { name: "00 00 00 00", bytes: new Uint8Array([0, 0, 0, 0]), seed: 0, hash: 0x2362f9de },
  { name: "00 00 00", bytes: new Uint8Array([0, 0, 0]), seed: 0, hash: 0x85f0b427 },
  { name: "00 00", bytes: new Uint8Array([0, 0]), seed: 0, hash: 0x30f4c306 },
  { name: "00", bytes: new Uint8Array([0]), seed: 0, hash: 0x514e28b7 },
];

const TEXT_VECTORS: { text: string; seed: number; hash: number }[] = [
  { text: "", seed: 0, hash: 0x00000000 },
  { text: "hello", seed: 0, hash: 0x248bfa47 },
  { text: "The quick brown fox jumps over the lazy dog", seed: 0, hash: 0x2e4ff723 },
  { text: "abc", seed: 0, hash: 0xb3dd93fa },
  { text: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", seed: 0, hash: 0xee925b90 },
  { text: "a", seed: 0x9747b28c, hash: 0x7fa09ea6 },
  { text: "aa", seed: 0x9747b28c, hash: 0x5d211726 },
  { text: "aaa", seed: 0x9747b28c, hash: 0x283e0130 },
  { text: "aaaa", seed: 0x9747b28c, hash: 0x5a97808a },
  { text: "ab", seed: 0x9747b28c, hash: 0x74875592 },
  { text: "abc", seed: 0x9747b28c, hash: 0xc84a62dd },
  { text: "abcd", seed: 0x9747b28c, hash: 0xf0478627 },
  { text: "Hello, world!", seed: 0x9747b28c, hash: 0x24884cba },
  { text: "ππππππππ", seed: 0x9747b28c, hash: 0xd58063c1 },
  { text: "a".repeat(256), seed: 0x9747b28c, hash: 0x37405bdc },
  { text: "The quick brown fox jumps over the lazy dog", seed: 0x9747b28c, hash: 0x2fa826cd },
];

// The published table of docs/bucketing.md, pinned here and checked against Guava: if one of
// these changes, every Java / Go scoring service disagrees with the console.
const KEY_VECTORS: { salt: string; keyValue: BucketKey; bucketCount: number; hash: number; bucket: number }[] = [
  { salt: "favpush", keyValue: 234, bucketCount: 10, hash: 0x19b475d1, bucket: 1 },
  { salt: "favpush", keyValue: "234", bucketCount: 10, hash: 0x19b475d1, bucket: 1 },
  { salt: "favpush", keyValue: 234n, bucketCount: 10, hash: 0x19b475d1, bucket: 1 },
  { salt: "favpush", keyValue: "user_42", bucketCount: 100, hash: 0xf9183417, bucket: 83 },
  { salt: "favpush", keyValue: "", bucketCount: 10, hash: 0x7704b7f4, bucket: 0 },
  { salt: "", keyValue: "hello", bucketCount: 10, hash: 0x1f47f18f, bucket: 1 },
  { salt: "favpush", keyValue: 0, bucketCount: 10000, hash: 0xb7548aaa, bucket: 1050 },
  { salt: "favpush", keyValue: -0, bucketCount: 10000, hash: 0xb7548aaa, bucket: 1050 },
  { salt: "favpush", keyValue: -1, bucketCount: 100, hash: 0xbb6c6e57, bucket: 27 },
  { salt: "favpush", keyValue: 9007199254740991, bucketCount: 10000, hash: 0x42932004, bucket: 8244 },
  { salt: "favpush", keyValue: "Ünïcødé", bucketCount: 100, hash: 0xe1621cf6, bucket: 42 },
  { salt: "favpush", keyValue: "张三", bucketCount: 100, hash: 0x826c77ef, bucket: 71 },
  { salt: "推荐", keyValue: "用户123", bucketCount: 10000, hash: 0x96772227, bucket: 9927 },
  { salt: "favpush", keyValue: "😀", bucketCount: 10, hash: 0xa487dfd5, bucket: 5 },
  { salt: "favpush", keyValue: "👍🏽 ok", bucketCount: 10000, hash: 0x4617a0a8, bucket: 3576 },
];

describe("murmur3_x86_32", () => {
  it.each(BYTE_VECTORS)("$name", ({ bytes, seed, hash }) => {
    expect(hex(murmur3_x86_32(bytes, seed))).toBe(hex(hash));
  });

  it.each(TEXT_VECTORS)("$text (seed $seed)", ({ text, seed, hash }) => {
    expect(hex(murmur3_x86_32(utf8(text), seed))).toBe(hex(hash));
  });

  it("reads only the view it is given, not the whole underlying buffer", () => {
    const backing = utf8("xxhelloyy");
    expect(hex(murmur3_x86_32(backing.subarray(2, 7)))).toBe(hex(0x248bfa47));
  });

  it("returns an unsigned 32-bit integer", () => {
    const hash = murmur3_x86_32(utf8("favpush:user_42"));
    expect(hash).toBe(0xf9183417);
    expect(hash).toBeGreaterThan(2 ** 31);
  });
});

describe("hashKey and bucketOf", () => {
  it.each(KEY_VECTORS)("$salt : $keyValue mod $bucketCount", ({ salt, keyValue, bucketCount, hash, bucket }) => {
    expect(hex(hashKey(salt, keyValue))).toBe(hex(hash));
    expect(bucketOf({ salt, keyValue, bucketCount })).toBe(bucket);
  });

  // "s:" + 0..4 more characters crosses every tail length on both the ASCII and the UTF-8 path.
  it.each(["", "a", "ab", "abc", "abcd", "é", "éé", "中", "中a", "😀", "😀a", "a😀b"])(
    "tail of key %j matches the byte-level hash",
    (keyValue) => {
      expect(hashKey("s", keyValue)).toBe(murmur3_x86_32(utf8(`s:${keyValue}`)));
    },
  );

  it.each([
    { name: "lone high surrogate", keyValue: "\ud800" },
    { name: "lone low surrogate", keyValue: "x\udc00y" },
    { name: "reversed pair", keyValue: "\ude00\ud83d" },
  ])("encodes a $name as U+FFFD like TextEncoder", ({ keyValue }) => {
    expect(hashKey("s", keyValue)).toBe(murmur3_x86_32(utf8(`s:${keyValue}`)));
    expect(hashKey("s", keyValue)).toBe(hashKey("s", keyValue.replace(/[\ud800-\udfff]/g, "\ufffd")));
  });

  it("gives the same hash for a short key after a long non-ASCII one (reused buffer)", () => {
    const long = "中".repeat(5000);
    expect(hashKey("s", long)).toBe(referenceMurmur3(utf8(`s:${long}`), 0));
    expect(hex(hashKey("favpush", "张三"))).toBe(hex(0x826c77ef));
  });

  it.each([0, -1, 1.5, 10001, Number.NaN, Number.POSITIVE_INFINITY])("rejects bucketCount %s", (bucketCount) => {
    expect(() => bucketOf({ salt: "favpush", keyValue: 1, bucketCount })).toThrow(RangeError);
  });

  it.each([1, 10000])("accepts bucketCount %s", (bucketCount) => {
    const bucket = bucketOf({ salt: "favpush", keyValue: "user_42", bucketCount });
    expect(bucket).toBeGreaterThanOrEqual(0);
    expect(bucket).toBeLessThan(bucketCount);
  });

  it.each([2 ** 53, 1.5, -0.5, 1e21, Number.NaN, Number.NEGATIVE_INFINITY])(
    "rejects numeric key %s whose decimal text differs across languages",
    (keyValue) => {
      expect(() => hashKey("favpush", keyValue)).toThrow(RangeError);
    },
  );
});

describe("fast path against the reference implementation", () => {
  // Deterministic PRNG (mulberry32) so a failure names a reproducible string.
  function prng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
  }

  // Code units drawn from ASCII, 2-byte, 3-byte (CJK), 4-byte (emoji pairs) and lone surrogates.
  const ALPHABETS: { name: string; seed: number; draw: (next: () => number) => string }[] = [
    { name: "ascii", seed: 1, draw: (next) => String.fromCharCode(Math.floor(next() * 0x80)) },
    {
      name: "mixed",
      seed: 2,
      draw: (next) => {
        const pick = next();
        if (pick < 0.4) return String.fromCharCode(0x20 + Math.floor(next() * 0x5f));
        if (pick < 0.55) return String.fromCharCode(0x80 + Math.floor(next() * 0x780));
        if (pick < 0.75) return String.fromCharCode(0x4e00 + Math.floor(next() * 0x5000));
        if (pick < 0.95) return String.fromCodePoint(0x1f300 + Math.floor(next() * 0x300));
        return String.fromCharCode(0xd800 + Math.floor(next() * 0x800));
      },
    },
  ];

  it.each(ALPHABETS)("agrees on 3000 random $name keys", ({ seed, draw }) => {
    const next = prng(seed);
    const mismatches: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(next() * 40);
      let key = "";
      for (let i = 0; i < length; i++) key += draw(next);
      const expected = referenceMurmur3(utf8(`favpush:${key}`), 0);
      if (hashKey("favpush", key) !== expected) mismatches.push(JSON.stringify(key));
      if (murmur3_x86_32(utf8(key), n) !== referenceMurmur3(utf8(key), n)) mismatches.push(`seed ${n} ${JSON.stringify(key)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it.each(ALPHABETS)("agrees for $name salts of every length against every prefix tail, past the prefix cache", ({ seed, draw }) => {
    const next = prng(seed + 100);
    const mismatches: string[] = [];
    // 600 salts: more than the prefix cache holds, so it is cleared and refilled on the way.
    for (let n = 0; n < 600; n++) {
      let salt = "";
      for (let i = 0; i < n % 11; i++) salt += draw(next);
      let key = "";
      for (let i = 0, length = Math.floor(next() * 12); i < length; i++) key += draw(next);
      for (const k of [key, n, `${n}${key}`]) {
        if (hashKey(salt, k) !== referenceMurmur3(utf8(`${salt}:${String(k)}`), 0)) mismatches.push(`${JSON.stringify(salt)} ${JSON.stringify(k)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each(TEXT_VECTORS)("reference reproduces the public vector $text", ({ text, seed, hash }) => {
    expect(hex(referenceMurmur3(utf8(text), seed))).toBe(hex(hash));
  });
});
