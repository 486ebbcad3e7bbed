// Import boundaries, checked by `npm run lint` (docs/contributing.md, "Boundaries"). Type-only
// imports are left out (tsPreCompilationDeps: false): they vanish at compile time and cannot form a
// runtime cycle or ship server code to the browser.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-runtime-cycle",
      severity: "error",
      comment: "Modules that import each other at runtime load half-initialised: pass what is needed as a parameter.",
      from: {},
      to: { circular: true },
    },
    {
      name: "browser-imports-no-server-code",
      severity: "error",
      comment: "components/ runs in the browser: it may import types from server/, never code.",
      from: { path: "^components/" },
      to: { path: "^server/" },
    },
    {
      name: "inbound-knows-no-vendor",
      severity: "error",
      comment:
        "server/inbound/ stores, acknowledges and processes events for every source; only sources.ts wires them in.",
      from: { path: "^server/inbound/", pathNot: "^server/inbound/sources\\.ts$" },
      to: { path: "^server/(channels|payments|logistics)/" },
    },
    {
      name: "conversations-do-not-route",
      severity: "error",
      comment: "What follows a commit (routing, queue notices) is returned as data and started by the caller.",
      from: { path: "^server/conversations/" },
      to: { path: "^server/routing/" },
    },
    {
      name: "enqueue-imports-no-handler",
      severity: "error",
      comment: "Enqueuing a job needs its contract only; the handlers are for the runner.",
      from: { path: "^server/jobs/(enqueue|contracts)\\.ts$" },
      to: { path: "^server/jobs/(registry|definitions/(?!.*\\.contract\\.ts$))" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|server/generated|\\.next)/" },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs"],
    },
  },
};
