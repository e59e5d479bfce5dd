export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootstrap } = await import("./server/bootstrap/bootstrap");
    await bootstrap();
    // Our own server (npm start) answers the config long-poll without Next.js's routing, through
    // the route's own handler (server/http/fast-routes.ts). Without it Next.js serves it as before.
    try {
      const [{ GET }, { configLongPollRoute, installFastRoute }] = await Promise.all([
        import("./app/api/config/v1/apps/[app]/route"),
        import("./server/http/fast-routes"),
      ]);
      installFastRoute(configLongPollRoute(GET));
    } catch (error) {
      console.error("[instrumentation] the config long-poll's fast route is not installed; Next.js serves it", error);
    }
  }
}
