// The environment of the console the end-to-end tests run against, shared by its build
// (scripts/e2e-build.mjs) and its server (scripts/e2e-server.mjs).
export function e2eEnv({ distDir, dataDir }) {
  return {
    ...process.env,
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    DATA_DIR: dataDir,
    DEMO: "1",
    HOST: "127.0.0.1",
    PORT: process.env.E2E_PORT,
    DEV_MODEL_SERVER: "1",
    DEV_MODEL_SERVER_GRPC_PORT: "0",
    DEV_MODEL_SERVER_REST_PORT: "0",
    // The default, stated: e2e/sign-in-backoff.spec.ts counts on it. Specs sign in successfully,
    // which takes their attempts back, so they do not add up.
    SIGN_IN_LIMIT_PER_MINUTE: "10",
    // Every spec tries fgs as the same demo people within minutes: the per-person limit is tested in vitest.
    FG_TRY_LIMIT_PER_MINUTE: "1000",
    // The Live alert check at its shortest (60 s by default): e2e/live-journeys.spec.ts waits for an alert.
    TELEMETRY_ALERT_SECONDS: "10",
  };
}
