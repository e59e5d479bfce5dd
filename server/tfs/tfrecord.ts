/**
 * TFRecord framing (tensorflow/core/lib/io/record_writer.cc), the format of TF Serving's
 * warmup file: each record is
 *   uint64 length (little endian) | uint32 masked crc32c(length bytes) | data | uint32 masked crc32c(data)
 * CRC-32C (Castagnoli), masked as TensorFlow does: ((crc >>> 15) | (crc << 17)) + 0xa282ead8.
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = (TABLE[(crc ^ b) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

export function writeTfRecords(records: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const data of records) {
    const header = Buffer.alloc(12);
    header.writeBigUInt64LE(BigInt(data.length), 0);
    header.writeUInt32LE(maskedCrc32c(header.subarray(0, 8)), 8);
    const footer = Buffer.alloc(4);
    footer.writeUInt32LE(maskedCrc32c(data), 0);
    parts.push(header, Buffer.from(data), footer);
  }
  return Buffer.concat(parts);
}

/** A TFRecord file that does not frame correctly: TensorFlow's DATA_LOSS. */
export class TfRecordDataLoss extends Error {}

export function readTfRecords(file: Uint8Array): Uint8Array[] {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const records: Uint8Array[] = [];
  let offset = 0;
  while (offset < buf.length) {
    if (offset + 12 > buf.length) throw new TfRecordDataLoss(`truncated record at ${offset}`);
    if (buf.readUInt32LE(offset + 8) !== maskedCrc32c(buf.subarray(offset, offset + 8))) throw new TfRecordDataLoss(`corrupted record at ${offset}`);
    const length = buf.readBigUInt64LE(offset);
    if (length > BigInt(buf.length - offset - 16)) throw new TfRecordDataLoss(`truncated record at ${offset}`);
    const start = offset + 12;
    const data = buf.subarray(start, start + Number(length));
    if (buf.readUInt32LE(start + data.length) !== maskedCrc32c(data)) throw new TfRecordDataLoss(`corrupted record at ${offset}`);
    records.push(data);
    offset = start + data.length + 4;
  }
  return records;
}
