// Speed-ups to the pinned Remix and React server packages (runs on `npm install`, after the Prisma clients).
// A checkout whose node_modules carry an older patch needs a fresh `npm ci` (the check below fails).
//
// 1. Route matching in @remix-run/router.
// The router recompiles every route's path into a RegExp, and flattens and ranks the whole route
// tree, on each `matchRoutes` call; a server-rendered page calls it four to six times (request
// handler, static handler, the React tree, lazy route discovery), which was about a quarter of a
// simple page's CPU. Two edits, both keeping the router's behaviour:
//  - `compilePath` (a pure function of its three arguments) keeps what it compiled, in a bounded map;
//  - on the server build only (`router.cjs.js`), `matchRoutes` keeps the ranked branches of each
//    route array it has seen (a WeakMap: a new array is flattened anew). Browser bundles use
//    `router.js`, where lazy route discovery adds routes to existing arrays, so there the branches
//    are still computed on each call.
//  - also on the server build only, `matchRoutes` remembers the matches of each path per route
//    array (bounded): a page matches the same path against four route arrays, and the next
//    request for that path gets copies (fresh match and params objects) without trying every
//    branch again.
//
// 2. @remix-run/server-runtime hands each loader a copy of the request, made twice (to strip the
//    `index` and `_routes` search parameters), even when the URL has neither: six `Request`s a page,
//    and the loaders of one page no longer share the request, so the per-request memo of the
//    session and course access (app/lib/request-cache.ts) missed. The copy is now made only when
//    there is a parameter to strip; otherwise the loader gets the request itself.
//
// 3. The React side rebuilt the whole route tree for every page (`createServerRoutes` in
//    @remix-run/react, `convertRoutesToDataRoutes` in react-router-dom's `createStaticRouter`), so
//    the route arrays were new each time and 1.'s branch cache never hit for them. Both now keep
//    their result per build (keyed by the build's route manifest, then by the route array).
//
// 4. React's server renderer (react-dom 18.3, the production Node build) encoded every string it
//    wrote into a 2 kB byte buffer as it went: one `subarray` view and one `encodeInto` result
//    object per chunk, and a page is thousands of chunks (a tag, an attribute name, a value...).
//    That writer was about half of rendering a page, most of it allocation. Now every chunk,
//    the precomputed ones included, is kept as text and a flush writes the text written since
//    the last flush, encoded once. Flushes happen where they did (the end of each pass over
//    completed work), so streaming with Suspense works as before; backpressure is only seen
//    between passes (a page is rendered in one pass here: entry.server.tsx waits for all data).
//
// The edits are plain string replacements checked against the pinned version: if the file does not
// read as expected, nothing is changed and a warning says so (the app works either way, slower).
// `node scripts/patch-remix.mjs --check` exits 1 when a server file is not patched.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const MARK = "/* coursework: patched by scripts/patch-remix.mjs (v2) */";
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
const branchMap = {
  from: "function matchRoutesImpl(",
  to: `const rankedBranches = new WeakMap();
const knownMatches = new WeakMap();
const copyMatches = (matches) => matches && matches.map((m) => ({ ...m, params: { ...m.params } }));
function matchRoutesImpl(`,
};

const matchMemo = {
  from: "  let matches = null;\n  let decoded = decodePath(pathname);\n",
  to: `  let decoded = decodePath(pathname);
  let known = knownMatches.get(branches);
  if (!known) {
    known = new Map();
    knownMatches.set(branches, known);
  }
  let knownKey = (allowPartial ? "1" : "0") + decoded;
  if (known.has(knownKey)) return copyMatches(known.get(knownKey));
  let matches = null;
`,
};
const matchMemoStore = {
  from: "    matches = matchRouteBranch(branches[i], decoded, allowPartial);\n  }\n  return matches;\n}\n",
  to: `    matches = matchRouteBranch(branches[i], decoded, allowPartial);
  }
  if (known.size >= 2000) known.clear();
  known.set(knownKey, matches);
  return copyMatches(matches);
}
`,
};

/** Returns the request itself when `param` is not in its URL. */
const keepRequest = (name, param) => ({
  from: `function ${name}(request) {\n  let url = new URL(request.url);\n`,
  to: `${MARK}\nfunction ${name}(request) {\n  let url = new URL(request.url);\n  if (!url.searchParams.has("${param}")) return request;\n`,
});

const serverRoutes = {
  from: "  let routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);\n",
  to: `  let cachedRoutes = serverRoutesCache.get(manifest.routes);
  if (!cachedRoutes || cachedRoutes.isSpaMode !== context.isSpaMode) {
    cachedRoutes = { isSpaMode: context.isSpaMode, routes: routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode) };
    serverRoutesCache.set(manifest.routes, cachedRoutes);
  }
  let routes$1 = cachedRoutes.routes;
`,
};
const serverRoutesMap = { from: "function RemixServer(", to: `${MARK}\nconst serverRoutesCache = new WeakMap();\nfunction RemixServer(` };

const staticDataRoutes = {
  from: "  let manifest = {};\n  let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);\n",
  to: `  let converted = dataRoutesCache.get(routes);
  if (!converted) {
    let manifest = {};
    converted = { manifest, dataRoutes: router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest) };
    dataRoutesCache.set(routes, converted);
  }
  let { manifest, dataRoutes } = converted;
`,
};
const staticDataRoutesMap = { from: "function createStaticRouter(", to: `${MARK}\nconst dataRoutesCache = new WeakMap();\nfunction createStaticRouter(` };

const reactDir = "node_modules/react-dom/cjs";
/** Precomputed chunks stay text (they were encoded once, at load). */
const textChunks = { from: "function x(a){return u.encode(a)}", to: "function x(a){return a}" };
/** writeChunk appends to the pending text; the byte-buffer writer is left in place, unused. */
const textWriter = {
  from: 'function r(a,b){if("string"===typeof b){',
  to: `${MARK}
var cwPendingText="",cwDecoder=new aa.TextDecoder;function r(a,b){cwPendingText+="string"===typeof b?b:cwDecoder.decode(b)}function cwByteWriter(a,b){if("string"===typeof b){`,
};
/** completeWriting writes the pending text, encoded once. */
const textFlush = {
  from: "function ca(a){k&&0<l&&a.write(k.subarray(0,l));",
  to: 'function ca(a){0<cwPendingText.length&&(a.write(u.encode(cwPendingText)),cwPendingText="");k&&0<l&&a.write(k.subarray(0,l));',
};

const files = [
  { file: `${dir}/router.cjs.js`, server: true, edits: [compileCache, branchMap, branchCache, matchMemo, matchMemoStore] },
  { file: `${dir}/router.js`, edits: [compileCache] },
  {
    file: "node_modules/@remix-run/server-runtime/dist/data.js",
    server: true,
    edits: [keepRequest("stripIndexParam", "index"), keepRequest("stripDataParam", "_data"), keepRequest("stripRoutesParam", "_routes")],
  },
  { file: "node_modules/@remix-run/react/dist/server.js", server: true, edits: [serverRoutes, serverRoutesMap] },
  { file: "node_modules/react-router-dom/server.js", server: true, edits: [staticDataRoutes, staticDataRoutesMap] },
  { file: `${reactDir}/react-dom-server.node.production.min.js`, server: true, edits: [textChunks, textWriter, textFlush] },
];

if (process.argv.includes("--check")) {
  const unpatched = files.filter((f) => f.server && !(existsSync(f.file) && readFileSync(f.file, "utf8").includes(MARK)));
  for (const f of unpatched) console.log(`${f.file} is not patched: run node scripts/patch-remix.mjs`);
  process.exit(unpatched.length ? 1 : 0);
}

for (const { file, edits } of files) {
  if (!existsSync(file)) continue;
  const source = readFileSync(file, "utf8");
  if (source.includes(MARK)) continue;
  const missing = edits.find((e) => source.split(e.from).length !== 2);
  if (missing) {
    console.warn(`[patch-remix] ${file} is not the expected version (no unique "${missing.from.trim()}"); left as it is.`);
    continue;
  }
  writeFileSync(file, edits.reduce((text, e) => text.replace(e.from, e.to), source));
  console.log(`[patch-remix] ${file} patched.`);
}
