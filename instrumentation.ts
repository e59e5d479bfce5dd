export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootstrap } = await import("./server/bootstrap/bootstrap");
    await bootstrap();
    // Our own server (npm start) answers the config long-poll without Next.js's routing, through the route's own handler.
    const [{ GET }, { configLongPollRoute, installFastRoute }] = await Promise.all([import("./app/api/config/v1/apps/[app]/route"), import("./server/http/fast-routes")]);
    installFastRoute(configLongPollRoute(GET));
  }
}
