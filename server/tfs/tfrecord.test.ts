import { describe, expect, it } from "vitest";
import { crc32c, maskedCrc32c, readTfRecords, TfRecordDataLoss, writeTfRecords } from "./tfrecord";

describe("TFRecord framing", () => {
  it("computes CRC-32C (Castagnoli) and TensorFlow's mask", () => {
    // RFC 3720 B.4 check value, and the classic "123456789".
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
    expect(maskedCrc32c(Buffer.from(""))).toBe(0xa282ead8);
  });

  it("writes records TensorFlow's TFRecordWriter would, and reads them back", () => {
    const file = writeTfRecords([Buffer.from("a"), Buffer.from("")]);
    // length 1 as uint64 LE, then its masked crc, the data, the data's masked crc.
    expect(file.subarray(0, 8).toString("hex")).toBe("0100000000000000");
    expect(file.length).toBe(17 + 16);
    expect(readTfRecords(file).map((r) => Buffer.from(r).toString())).toEqual(["a", ""]);
  });

  it("refuses a corrupted or truncated file as data loss", () => {
    const file = writeTfRecords([Buffer.from("hello")]);
    const corrupted = Buffer.from(file);
    corrupted[13] = 0x00;
    expect(() => readTfRecords(corrupted)).toThrow(new TfRecordDataLoss("corrupted record at 0"));
    expect(() => readTfRecords(file.subarray(0, 15))).toThrow(/truncated record at 0/);
  });
});
