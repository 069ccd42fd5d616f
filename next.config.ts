import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The e2e run builds into its own folder so it never clobbers a running app's build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite loads its WebAssembly and data files from its own package folder at run time,
  // and argon2 is a native addon: both must stay outside the server bundle. prom-client too: the
  // server script (scripts/serve.ts) and the routes must count into one registry. pg-boss (the job
  // queue, lib/jobs) loads `pg` and its SQL plans at run time. pdfkit reads its font metrics from its own
  // package folder.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "exceljs", "prom-client", "pg-boss", "pdfkit", "fontkit", "restructure"],
  poweredByHeader: false,
  // The build type-checks what it builds (app, lib, db, scripts); `npm run typecheck` checks the
  // tests and benches as well, so a test being written does not stop the app from building.
  typescript: { ignoreBuildErrors: false, tsconfigPath: "tsconfig.build.json" },
  experimental: {
    // Signed-in imports; anonymous actions are held to a few KB by proxy.ts before this applies.
    serverActions: { bodySizeLimit: "25mb" },
    // proxy.ts runs before actions, and Next keeps only this much of a body that passed through
    // it: as much as an action may take, or a large import would arrive cut short.
    proxyClientMaxBodySize: "25mb",
    authInterrupts: true,
  },
};

export default nextConfig;
