import { describe, expect, it } from "vitest";
import { inputsFromJson, outputsToJson } from "./rest-tensors";
import type { TensorInfoObject } from "./servable";
import type { ServerTensor } from "./server-tensor";

// TF Serving's REST binary strings: {"b64": ...} in, and out for aliases ending in _bytes.
describe("REST tensors: binary strings", () => {
  const bytes = Uint8Array.from([0xff, 0x00, 0x80, 0x3f]); // not UTF-8
  const b64 = Buffer.from(bytes).toString("base64");
  const stringInfo = (name: string): TensorInfoObject => ({ name, dtype: "DT_STRING", tensor_shape: { dim: [{ size: -1 }] } });
  const json = (value: object) => JSON.parse(JSON.stringify(value));

  it('decodes {"b64": ...} to the exact bytes, plain strings as UTF-8', () => {
    const infos = { image_bytes: stringInfo("image:0"), tag: stringInfo("tag:0") };
    const { format, inputs } = inputsFromJson({ instances: [{ image_bytes: { b64 }, tag: "é" }] }, infos);
    expect(format).toBe("row");
    expect(inputs.image_bytes).toEqual({ dtype: "DT_STRING", shape: [1], values: [Buffer.from(bytes)] });
    expect(inputs.tag?.values).toEqual([Buffer.from("é", "utf8")]);
  });

  it("writes strings of aliases ending in _bytes as b64, others as text", () => {
    const image: ServerTensor = { dtype: "DT_STRING", shape: [1], values: [bytes] };
    const label: ServerTensor = { dtype: "DT_STRING", shape: [1], values: [Buffer.from("cat")] };
    expect(json(outputsToJson({ image_bytes: image, label }, "row"))).toEqual({ predictions: [{ image_bytes: { b64 }, label: "cat" }] });
    expect(json(outputsToJson({ image_bytes: image }, "columnar"))).toEqual({ outputs: [{ b64 }] });
  });
});
