// Speeds up route matching in @remix-run/router (runs on `npm install`, after the Prisma clients).
//
// The router recompiles every route's path into a RegExp, and flattens and ranks the whole route
// tree, on each `matchRoutes` call; a server-rendered page calls it four to six times (request
// handler, static handler, the React tree, lazy route discovery), which was about a quarter of a
// simple page's CPU. Two edits, both keeping the router's behaviour:
//  - `compilePath` (a pure function of its three arguments) keeps what it compiled, in a bounded map;
//  - on the server build only (`router.cjs.js`), `matchRoutes` keeps the ranked branches of each
//    route array it has seen (a WeakMap: a new array is flattened anew). Browser bundles use
//    `router.js`, where lazy route discovery adds routes to existing arrays, so there the branches
//    are still computed on each call.
// The edits are plain string replacements checked against the pinned version: if the file does not
// read as expected, nothing is changed and a warning says so (the app works either way, slower).
// `node scripts/patch-router.mjs --check` exits 1 when the server file is not patched.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const MARK = "/* coursework: route pattern cache */";
const dir = "node_modules/@remix-run/router/dist";

const compileCache = {
  from: "function compilePath(path, caseSensitive, end) {\n",
  to: `${MARK}
const compiledPaths = new Map();
function compilePath(path, caseSensitive, end) {
  const key = (caseSensitive ? "1" : "0") + (end === void 0 || end ? "1" : "0") + path;
  let compiled = compiledPaths.get(key);
  if (!compiled) {
    if (compiledPaths.size >= 5000) compiledPaths.clear();
    compiled = compilePathUncached(path, caseSensitive, end);
    compiledPaths.set(key, compiled);
  }
  return compiled;
}
function compilePathUncached(path, caseSensitive, end) {
`,
};

const branchCache = {
  from: "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n",
  to: `  let branches = rankedBranches.get(routes);
  if (!branches) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    rankedBranches.set(routes, branches);
  }
`,
};
const branchMap = { from: "function matchRoutesImpl(", to: "const rankedBranches = new WeakMap();\nfunction matchRoutesImpl(" };

const files = [
  { file: `${dir}/router.cjs.js`, edits: [compileCache, branchMap, branchCache] },
  { file: `${dir}/router.js`, edits: [compileCache] },
];

if (process.argv.includes("--check")) {
  const file = files[0].file;
  const ok = existsSync(file) && readFileSync(file, "utf8").includes(MARK);
  console.log(ok ? `${file} is patched.` : `${file} is not patched: run node scripts/patch-router.mjs`);
  process.exit(ok ? 0 : 1);
}

for (const { file, edits } of files) {
  if (!existsSync(file)) continue;
  const source = readFileSync(file, "utf8");
  if (source.includes(MARK)) continue;
  const missing = edits.find((e) => source.split(e.from).length !== 2);
  if (missing) {
    console.warn(`[patch-router] ${file} is not the expected version (no unique "${missing.from.trim()}"); left as it is.`);
    continue;
  }
  writeFileSync(file, edits.reduce((text, e) => text.replace(e.from, e.to), source));
  console.log(`[patch-router] ${file}: route pattern cache added.`);
}
