export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootstrap } = await import("./server/bootstrap/bootstrap");
    await bootstrap();
    // Our own server (npm start) answers the config long-poll and telemetry reports without
    // Next.js's routing, through the routes' own handlers (server/http/fast-routes.ts). Without
    // them Next.js serves both as before.
    try {
      const [{ GET }, { POST: ingest }, { configLongPollRoute, installFastRoute, telemetryIngestRoute }] = await Promise.all([
        import("./app/api/config/v1/apps/[app]/route"),
        import("./app/api/v1/telemetry/route"),
        import("./server/http/fast-routes"),
      ]);
      installFastRoute(configLongPollRoute(GET), telemetryIngestRoute(ingest));
    } catch (error) {
      console.error("[instrumentation] the fast routes are not installed; Next.js serves their paths", error);
    }
  }
}
