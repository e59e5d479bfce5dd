import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getTfsClient } from "@/server/tfs/grpc-client";
import { renderModelConfigText } from "@/server/tfs/model-config";
import { serverPerTest } from "./server-per-test";
import { modelConfig, publishHalfPlusTwo, tempDir, waitFor } from "./test-support";

// TF Serving's flags (model_servers/main.cc) that users pass every day.
describe("dev model server: TF Serving's everyday flags", () => {
  const servers = serverPerTest();

  it("--model_config_file_poll_wait_seconds: applies model.conf when it changes, and overrides configs sent by reload", async () => {
    const root = tempDir("conf-poll");
    const a = modelConfig("a", path.join(root, "a"));
    const b = modelConfig("b", path.join(root, "b"));
    publishHalfPlusTwo(a.basePath, 1);
    publishHalfPlusTwo(b.basePath, 1);
    const conf = path.join(root, "model.conf");
    fs.writeFileSync(conf, renderModelConfigText([a]));
    const logs: string[] = [];
    const { client } = await servers.start({ models: [a], modelConfigFile: { path: conf, pollSeconds: 0.05 }, log: (m) => logs.push(m) });
    const state = async (name: string) => (await client.getModelStatus({ name }).catch(() => []))[0]?.state;

    fs.writeFileSync(conf, renderModelConfigText([a, b]));
    await waitFor(async () => ((await state("b")) === "AVAILABLE" ? true : undefined), "b loaded from the edited model.conf");

    // A config sent by the console lasts until the next poll: the file wins, as in TF Serving.
    await client.handleReloadConfigRequest([a]);
    expect(await state("b")).not.toBe("AVAILABLE"); // unloading: left out of the sent config
    await waitFor(() => (logs.some((m) => m.includes("replacing a config sent with HandleReloadConfigRequest")) ? true : undefined), "the file re-applied");
    await waitFor(async () => ((await state("b")) === "AVAILABLE" ? true : undefined), "b back after the file was re-applied");
  });

  it("--grpc_socket_path: serves gRPC on a Unix socket as well as the port", async () => {
    const root = tempDir("socket");
    const hp2 = modelConfig("half_plus_two", path.join(root, "half_plus_two"));
    publishHalfPlusTwo(hp2.basePath);
    const socket = path.join(root, "tfs.sock");
    const { server, client } = await servers.start({ models: [hp2], grpcSocketPath: socket });
    expect(server.grpcSocketAddress).toBe(`unix:${socket}`);
    const viaSocket = getTfsClient(`unix:${socket}`);
    const res = await viaSocket.predict({ model: { name: "half_plus_two" }, inputs: { x: { dtype: "float", shape: [1], values: [4] } } });
    expect(res.outputs.y?.values).toEqual([4]);
    expect((await client.getModelStatus({ name: "half_plus_two" }))[0]?.state).toBe("AVAILABLE");
  });

  it("--grpc_channel_arguments: reaches the gRPC server (a small max message size refuses a big request)", async () => {
    const root = tempDir("channel-args");
    const hp2 = modelConfig("half_plus_two", path.join(root, "half_plus_two"));
    publishHalfPlusTwo(hp2.basePath);
    const { client } = await servers.start({ models: [hp2], grpcChannelArguments: { "grpc.max_receive_message_length": 64 } });
    const big = client.predict({ model: { name: "half_plus_two" }, inputs: { x: { dtype: "float", shape: [100], values: Array(100).fill(1) } } });
    await expect(big).rejects.toMatchObject({ details: { grpcStatus: "RESOURCE_EXHAUSTED" } });
  });
});
