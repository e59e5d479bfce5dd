import { describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage } from "./load-protos";
import { decodeTensor, encodeTensor, type Tensor, type TensorInput, type TensorProtoObject } from "./tensor-codec";

// Through real protobuf bytes, the way a tensor crosses the wire.
function throughWire(proto: TensorProtoObject): TensorProtoObject {
  return decodeMessage<TensorProtoObject>("tensorflow.TensorProto", encodeMessage("tensorflow.TensorProto", proto));
}

describe("tensor codec", () => {
  const cases: Tensor[] = [
    { dtype: "float", shape: [2, 2], values: [0.5, -1.25, 3, 1e-3].map(Math.fround) },
    { dtype: "double", shape: [3], values: [0.1, -2.5e300, Math.PI] },
    { dtype: "int32", shape: [2, 1], values: [-(2 ** 31), 2 ** 31 - 1] },
    { dtype: "int64", shape: [3], values: ["-9223372036854775808", "9223372036854775807", "20200116"] },
    { dtype: "string", shape: [2], values: ["héllo", ""] },
    { dtype: "bool", shape: [], values: [true] },
  ];

  it.each(cases)("round-trips $dtype through protobuf bytes", (tensor) => {
    const proto = throughWire(encodeTensor(tensor));
    expect(decodeTensor(proto)).toEqual(tensor);
  });

  it("accepts int64 as numbers and bigints, and strings as bytes", () => {
    const input: TensorInput = { dtype: "int64", shape: [2], values: [7, 2n ** 40n] };
    expect(decodeTensor(throughWire(encodeTensor(input))).values).toEqual(["7", "1099511627776"]);
    const bytes: TensorInput = { dtype: "string", shape: [1], values: [new Uint8Array([0x61, 0x62])] };
    expect(decodeTensor(throughWire(encodeTensor(bytes))).values).toEqual(["ab"]);
  });

  // tensor_content is written independently here with DataView, little-endian.
  const packed: Array<{ dtype: string; width: number; write: (v: DataView, o: number, x: never) => void; values: unknown[]; expected: unknown[] }> = [
    { dtype: "DT_FLOAT", width: 4, write: (v, o, x: number) => v.setFloat32(o, x, true), values: [1.5, -2], expected: [1.5, -2] },
    { dtype: "DT_DOUBLE", width: 8, write: (v, o, x: number) => v.setFloat64(o, x, true), values: [0.1, 7], expected: [0.1, 7] },
    { dtype: "DT_INT32", width: 4, write: (v, o, x: number) => v.setInt32(o, x, true), values: [-5, 123456], expected: [-5, 123456] },
    { dtype: "DT_INT64", width: 8, write: (v, o, x: bigint) => v.setBigInt64(o, x, true), values: [-1n, 2n ** 62n], expected: ["-1", "4611686018427387904"] },
    { dtype: "DT_BOOL", width: 1, write: (v, o, x: number) => v.setUint8(o, x), values: [1, 0], expected: [true, false] },
  ];

  it.each(packed)("reads tensor_content for $dtype", ({ dtype, width, write, values, expected }) => {
    const bytes = new Uint8Array(width * values.length);
    const view = new DataView(bytes.buffer);
    values.forEach((x, i) => write(view, i * width, x as never));
    const proto = throughWire({ dtype, tensor_shape: { dim: [{ size: String(values.length) }] }, tensor_content: bytes });
    expect(decodeTensor(proto).values).toEqual(expected);
  });

  it("repeats the last value to fill the shape, as TensorFlow does", () => {
    const proto = throughWire({ dtype: "DT_FLOAT", tensor_shape: { dim: [{ size: "3" }] }, float_val: [2] });
    expect(decodeTensor(proto).values).toEqual([2, 2, 2]);
  });

  it("refuses values that do not match the shape", () => {
    expect(() => encodeTensor({ dtype: "float", shape: [2], values: [1] })).toThrow(/needs 2 values/);
    const tooMany = { dtype: "DT_INT32", tensor_shape: { dim: [{ size: "1" }] }, int_val: [1, 2] };
    expect(() => decodeTensor(throughWire(tooMany))).toThrow(/holds 2 values/);
    const shortContent = { dtype: "DT_DOUBLE", tensor_shape: { dim: [{ size: "2" }] }, tensor_content: new Uint8Array(8) };
    expect(() => decodeTensor(throughWire(shortContent))).toThrow(/tensor_content holds 8 bytes/);
  });

  it("refuses unsupported dtypes and out-of-range integers", () => {
    expect(() => decodeTensor({ dtype: "DT_HALF", tensor_shape: { dim: [] } })).toThrow(/Unsupported tensor dtype/);
    expect(() => encodeTensor({ dtype: "int32", shape: [1], values: [2 ** 31] })).toThrow(/not an int32/);
    expect(() => encodeTensor({ dtype: "int64", shape: [1], values: ["9223372036854775808"] })).toThrow(/out of int64 range/);
  });
});
