// Prints one line, `N passed, N failed[, N skipped]`, summed over the vitest (unit, cluster) and Playwright JSON reports.
import fs from 'node:fs';

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;

const vitest = read('test-results/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}

// The cluster test (npm run test:cluster: vitest's report too); absent when it did not run (no Redis).
const cluster = read('test-results/cluster.json');
if (cluster) {
  passed += cluster.numPassedTests ?? 0;
  failed += cluster.numFailedTests ?? 0;
  skipped += (cluster.numPendingTests ?? 0) + (cluster.numTodoTests ?? 0);
  // A cluster setup that failed (beforeAll) fails no test by itself: count the failed file.
  if ((cluster.numFailedTests ?? 0) === 0 && cluster.success === false) failed += 1;
}

const playwright = read('test-results/playwright.json');
if (playwright?.stats) {
  passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
  failed += playwright.stats.unexpected ?? 0;
  skipped += playwright.stats.skipped ?? 0;
}

// A suite that crashed before writing its report counts as a failure, not as nothing.
if (!vitest) failed += 1;
if (!playwright && vitest && (vitest.numFailedTests ?? 0) === 0) failed += 1;

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
