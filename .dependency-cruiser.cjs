/**
 * The import direction of lib/ (README, "Project layout"): each stage may
 * import only the stages listed before it, so that reading lib/ from the
 * top of this list down shows the pipeline, and a change low in it cannot
 * reach back into what uses it. `npm test` holds it (test/layout.test.ts).
 */
/** Lowest first. */
const STAGES = ["common", "aws", "model", "presets", "config", "constructs", "output", "synthesis", "report", "eksctl", "cli"];

const upward = STAGES.map((stage, i) => ({
  name: `${stage}-imports-up`,
  comment: `lib/${stage}/ may import only ${STAGES.slice(0, i).map((s) => `lib/${s}/`).join(", ") || "node and packages"}`,
  severity: "error",
  from: { path: `^lib/${stage}/` },
  to: { path: `^lib/(${STAGES.slice(i + 1).join("|") || "$^"})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {

  forbidden: [
    ...upward,
    { name: "no-cycles", comment: "no module may reach itself through its imports", severity: "error", from: {}, to: { circular: true } },
    { name: "stage-folders-only", comment: "every module of lib/ belongs to a stage folder", severity: "error", from: { path: "^main\\.ts$" }, to: { path: `^lib/(?!(${STAGES.join("|")})/)` } },
    { name: "no-tests-in-lib", comment: "lib/ never imports test code", severity: "error", from: { path: "^lib/" }, to: { path: "^test/" } },
    { name: "main-imports-cli", comment: "main.ts starts the command line only", severity: "error", from: { path: "^main\\.ts$" }, to: { path: "^lib/(?!cli/)" } },
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|\\.gen)/" },
    tsConfig: { fileName: "tsconfig.json" },
  },
};
