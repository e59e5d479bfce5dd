import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native, wasm or gRPC packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@grpc/grpc-js", "@grpc/proto-loader", "pg", "ioredis", "etcd3", "quickjs-emscripten"],
  poweredByHeader: false,
  // End-to-end runs serve a private copy of the build, so a rebuild cannot pull it from under them.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks the whole repository with tsc first; the build need not do it twice.
  // End-to-end builds name their own tsconfig copy: Next.js writes the dist folder into it.
  typescript: { ignoreBuildErrors: true, tsconfigPath: process.env.NEXT_TSCONFIG || "tsconfig.json" },
};

export default nextConfig;
