import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native, wasm or gRPC packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@grpc/grpc-js", "@grpc/proto-loader", "pg", "ioredis", "etcd3", "quickjs-emscripten"],
  poweredByHeader: false,
  // `npm test` type-checks the whole repository with tsc first; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
