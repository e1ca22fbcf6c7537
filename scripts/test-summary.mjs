// Prints one closing line for the whole suite from the JSON reports:
// "tests: N passed, N failed" (and skipped when any).
import { existsSync, readFileSync, readdirSync } from "node:fs";

let passed = 0, failed = 0, skipped = 0;
for (const file of readdirSync("tests/.tmp").filter((f) => f.endsWith(".json"))) {
  const report = JSON.parse(readFileSync(`tests/.tmp/${file}`, "utf8"));
  if ("numPassedTests" in report) {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  } else if (report.stats) {
    passed += report.stats.expected + (report.stats.flaky ?? 0);
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
  }
}
if (!existsSync("tests/.tmp")) process.exit(0);
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
