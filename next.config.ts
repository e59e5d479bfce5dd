import type { NextConfig } from "next";
import { API_CSP, COMMON_SECURITY_HEADERS } from "./server/http/security-headers";

const nextConfig: NextConfig = {
  // Native, wasm or gRPC packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@grpc/grpc-js", "@grpc/proto-loader", "pg", "ioredis", "etcd3", "quickjs-emscripten"],
  poweredByHeader: false,
  // End-to-end runs serve a private copy of the build, so a rebuild cannot pull it from under them.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole repository with tsc first; the build need not do it twice.
  // End-to-end builds name their own tsconfig copy: Next.js writes the dist folder into it.
  typescript: { ignoreBuildErrors: true, tsconfigPath: process.env.NEXT_TSCONFIG || "tsconfig.json" },
  // Baked in at build time, so nothing here depends on the run-time environment: pages get their
  // nonce-based policy (and HSTS behind HTTPS) from proxy.ts, API answers HSTS from server/http/handle.ts.
  async headers() {
    return [
      { source: "/:path*", headers: [...COMMON_SECURITY_HEADERS] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
