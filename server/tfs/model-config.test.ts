import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage } from "./load-protos";
import {
  modelConfigsFromProto,
  modelServerConfigToProto,
  parseModelConfigText,
  renderModelConfigText,
  type ModelConfig,
  type ModelServerConfigProto,
} from "./model-config";

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures");

describe("model config text format", () => {
  it("parses the article's latest-2 example", () => {
    expect(parseModelConfigText(fs.readFileSync(`${FIXTURES}/model.latest2.conf`, "utf8"))).toEqual([
      { name: "dnn", basePath: "/model/dnn/data/", modelPlatform: "tensorflow", versionPolicy: { kind: "latest", numVersions: 2 }, versionLabels: {} },
    ]);
  });

  it("parses the article's specific-versions example", () => {
    expect(parseModelConfigText(fs.readFileSync(`${FIXTURES}/model.specific.conf`, "utf8"))).toEqual([
      {
        name: "dnn",
        basePath: "/model/dnn/data/",
        modelPlatform: "tensorflow",
        versionPolicy: { kind: "specific", versions: [20200115, 20200116] },
        versionLabels: {},
      },
    ]);
  });

  it("renders exactly the style of docs/models.md#modelconf", () => {
    const dnn: ModelConfig = {
      name: "dnn",
      basePath: "/model/dnn/data/",
      modelPlatform: "tensorflow",
      versionPolicy: { kind: "specific", versions: [20200115, 20200116] },
      versionLabels: {},
    };
    expect(renderModelConfigText([dnn])).toBe(
      [
        "model_config_list: {",
        "  config: {",
        '    name: "dnn",',
        '    base_path: "/model/dnn/data/",',
        '    model_platform: "tensorflow",',
        "    model_version_policy: { specific { versions: 20200115 versions: 20200116 } }",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("reads back what it renders, for every policy and labels", () => {
    const models: ModelConfig[] = [
      { name: "a", basePath: '/m/"a"', modelPlatform: "tensorflow", versionPolicy: { kind: "latest", numVersions: 3 }, versionLabels: {} },
      { name: "b", basePath: "/m/b", modelPlatform: "tensorflow", versionPolicy: { kind: "all" }, versionLabels: {} },
      {
        name: "c",
        basePath: "/m/c",
        modelPlatform: "tensorflow",
        versionPolicy: { kind: "specific", versions: [1, 2] },
        versionLabels: { stable: 1, canary: 2 },
      },
      { name: "d", basePath: "/m/d", modelPlatform: "tensorflow", versionPolicy: null, versionLabels: {} },
    ];
    expect(parseModelConfigText(renderModelConfigText(models))).toEqual(models);
  });

  it("accepts the other spellings of the text format", () => {
    const text = `# comment
model_config_list <
  config { name: 'x' base_path: "/a" "/b"; model_platform: "tensorflow"
    model_version_policy { specific { versions: [1, 2] } }
    version_labels { key: "stable" value: 2 } }
>`;
    expect(parseModelConfigText(text)).toEqual([
      { name: "x", basePath: "/a/b", modelPlatform: "tensorflow", versionPolicy: { kind: "specific", versions: [1, 2] }, versionLabels: { stable: 2 } },
    ]);
  });

  it("reads the deprecated model_type: TENSORFLOW as the tensorflow platform", () => {
    const [config] = parseModelConfigText('model_config_list { config { name: "x" base_path: "/x" model_type: TENSORFLOW } }');
    expect(config?.modelPlatform).toBe("tensorflow");
  });

  it.each([
    ["model_config_list: {\n  config: {\n    nme: \"x\"\n  }\n}", /line 3, column 5: unknown field 'nme' in config/],
    ['model_config_list: {\n  config: { name: "x" base_path: 12 }\n}', /line 2, column 34: 'base_path' must be a quoted string/],
    ['model_config_list: {\n  config: { name: "x"\n', /line 3, column 1: expected a field name or '}', found end of input/],
    ['model_config_list { config { name: "x" model_version_policy { latest {} all {} } } }', /line 1, column 73: model_version_policy takes only one/],
    ['model_config_list { config { name: "x" model_version_policy { specific { versions: 1.5 } } } }', /line 1, column 84: 'versions' must be an integer/],
    ['model_config_list { config { name: "unterminated } }', /line 1, column 36: unterminated string/],
  ])("reports where the text is wrong (%#)", (text, message) => {
    expect(() => parseModelConfigText(text)).toThrow(message);
  });

  it("converts to and from the ModelServerConfig proto through real bytes", () => {
    const models: ModelConfig[] = [
      { name: "c", basePath: "/m/c", modelPlatform: "tensorflow", versionPolicy: { kind: "specific", versions: [20200115] }, versionLabels: { stable: 20200115 } },
      { name: "l", basePath: "/m/l", modelPlatform: "tensorflow", versionPolicy: { kind: "latest", numVersions: 2 }, versionLabels: {} },
      { name: "a", basePath: "/m/a", modelPlatform: "tensorflow", versionPolicy: { kind: "all" }, versionLabels: {} },
    ];
    const bytes = encodeMessage("tensorflow.serving.ModelServerConfig", modelServerConfigToProto(models));
    const proto = decodeMessage<ModelServerConfigProto>("tensorflow.serving.ModelServerConfig", bytes);
    expect(modelConfigsFromProto(proto)).toEqual(models);
  });
});
