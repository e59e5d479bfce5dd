import { describe, expect, it } from "vitest";
import { DEFAULTS, parseOptions, UsageError } from "./options";

const env = { SCORING_CONSOLE_TOKEN: "sct_secret" };

describe("the scoring service's options", () => {
  it("takes flags for places and the environment for the token", () => {
    const o = parseOptions(["--console=http://console:3000/", "--app=favpush", "--port", "4210", "--cache-file=/tmp/c.json"], env);
    expect(o).toMatchObject({ consoleUrl: "http://console:3000", token: "sct_secret", app: "favpush", port: 4210, host: DEFAULTS.host, etcd: null, cacheFile: "/tmp/c.json" });
  });

  it("reports telemetry only with SCORING_TELEMETRY_TOKEN, and logs features only to a file it is given", () => {
    const base = ["--console=http://c", "--app=favpush"];
    expect(parseOptions(base, env)).toMatchObject({ telemetry: null, featureLog: null });
    expect(parseOptions(base, { ...env, SCORING_TELEMETRY_TOKEN: "sct_t" }).telemetry).toEqual({ token: "sct_t", intervalMs: 60_000 });
    expect(parseOptions([...base, "--telemetry-interval-ms=1000"], { ...env, SCORING_TELEMETRY_TOKEN: "sct_t", SCORING_TELEMETRY_INTERVAL_MS: "5000" }).telemetry!.intervalMs).toBe(1000);
    expect(parseOptions(base, { ...env, SCORING_TELEMETRY_TOKEN: "sct_t", SCORING_TELEMETRY_INTERVAL_MS: "5000" }).telemetry!.intervalMs).toBe(5000);
    expect(parseOptions([...base, "--feature-log-file=/tmp/f.jsonl"], env).featureLog).toEqual({ file: "/tmp/f.jsonl", sample: 0.01 });
    expect(parseOptions(base, { ...env, SCORING_FEATURE_LOG_FILE: "/tmp/g.jsonl", SCORING_FEATURE_LOG_SAMPLE: "0" }).featureLog).toEqual({ file: "/tmp/g.jsonl", sample: 0 });
    expect(() => parseOptions([...base, "--feature-log-sample=0.5"], env)).toThrow(/--feature-log-file/);
    expect(() => parseOptions([...base, "--feature-log-file=/tmp/f", "--feature-log-sample=2"], env)).toThrow(/fraction/);
  });

  it("refuses a --token flag, saying where the token goes", () => {
    expect(() => parseOptions(["--console=http://c", "--app=favpush", "--token=sct_x"], env)).toThrow(/SCORING_CONSOLE_TOKEN/);
    expect(() => parseOptions(["--console=http://c", "--app=favpush", "--token", "sct_x"], env)).toThrow(UsageError);
  });

  it("needs the token, the console and the app", () => {
    expect(() => parseOptions(["--console=http://c", "--app=favpush"], {})).toThrow(/SCORING_CONSOLE_TOKEN is not set/);
    expect(() => parseOptions(["--app=favpush"], env)).toThrow(/--console/);
    expect(() => parseOptions(["--console=http://c"], env)).toThrow(/--app/);
    expect(() => parseOptions(["--console=ftp://c", "--app=a"], env)).toThrow(/http/);
  });

  it("refuses unknown flags and bad numbers", () => {
    expect(() => parseOptions(["--console=http://c", "--app=a", "--prot=1"], env)).toThrow(/unknown flag --prot/);
    expect(() => parseOptions(["--console=http://c", "--app=a", "--port=70000"], env)).toThrow(/--port/);
  });

  it("reads the config center from etcd when given endpoints, and connections from the environment", () => {
    const o = parseOptions(["--console=http://c", "--app=a", "--etcd=http://e1:2379, http://e2:2379"], {
      ...env,
      SCORING_CONNECTIONS: '{"redis-main":{"url":"redis://127.0.0.1:6379"}}',
    });
    expect(o.etcd).toEqual({ endpoints: ["http://e1:2379", "http://e2:2379"], prefix: DEFAULTS.etcdPrefix });
    expect(o.connections).toEqual({ "redis-main": { url: "redis://127.0.0.1:6379" } });
    expect(() => parseOptions(["--console=http://c", "--app=a"], { ...env, SCORING_CONNECTIONS: "{" })).toThrow(/not JSON/);
  });
});
