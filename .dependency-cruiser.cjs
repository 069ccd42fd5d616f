/**
 * The house's import rules (npm run check:deps; part of npm test). Layers: app → lib → db;
 * scripts, tests and benches may use any of them. Domains in lib/ (lib/<domain>/…) form no
 * cycle among themselves (checked by scripts/check-domain-cycles.ts on this tool's output).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    { name: "no-cycles", comment: "No module imports itself through others.", severity: "error", from: {}, to: { circular: true } },
    {
      name: "lib-not-app",
      comment: "lib/ is plain TypeScript a test, script or job can call: it never imports app/.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^app/" },
    },
    {
      name: "lib-not-scripts",
      comment: "lib/ never imports scripts/ (the demo data, commands).",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^scripts/" },
    },
    {
      name: "db-is-the-bottom",
      comment: "db/ (schema, client, migrations) depends on nothing above it.",
      severity: "error",
      from: { path: "^db/" },
      to: { path: "^(lib|app|scripts|tests|bench)/" },
    },
    {
      name: "lib-no-next",
      comment: "Only lib/auth (which wraps next-auth) may import next/* or next-auth.",
      severity: "error",
      from: { path: "^lib/", pathNot: "^lib/auth/" },
      to: { path: "node_modules/(next|next-auth)/" },
    },
    {
      name: "app-db-through-lib",
      comment: "app/ reads and writes through lib/: it never imports db/ but for types (the Db handle type).",
      severity: "error",
      from: { path: "^app/" },
      to: { path: "^db/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "lib-gets-db-handed",
      comment: "lib functions take the database as a parameter; only the edges (lib/auth's session reader) take the app's handle from lib/core/db.",
      severity: "error",
      from: { path: "^lib/", pathNot: "^lib/(auth|core)/" },
      to: { path: "^lib/core/db\\.ts$" },
    },
    {
      name: "no-orphans",
      comment: "A module nothing imports is dead (entry points excepted).",
      severity: "error",
      from: {
        orphan: true,
        pathNot: [
          "\\.d\\.ts$",
          "^(app|tests|bench|scripts)/",
          "^(instrumentation|proxy|next\\.config|playwright\\.config|vitest\\.config|drizzle\\.config)\\.ts$",
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next[^/]*|test-results|playwright-report[^/]*|data)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
