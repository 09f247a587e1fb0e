import { suites } from "../../tooling/vitest.preset.js"

// End-to-end files (worker threads, spawned processes, browsers, brokers) run in the `test:e2e` task;
// heavy ones (over 10 s each even when shrunk) in the `test:heavy` task, which `npm test` runs last.
export default suites(["test/Figures.test.ts", "test/Defects.test.ts", "test/GroundTruth.test.ts", "test/Diff.test.ts"], ["test/Browser.test.ts"])
