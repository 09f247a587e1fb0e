import { suites } from "../../tooling/vitest.preset.js"

// End-to-end files (worker threads, spawned processes, browsers, brokers) run in the `test:e2e` task.
export default suites(["test/Browser.test.ts", "test/Figures.test.ts", "test/Defects.test.ts", "test/GroundTruth.test.ts", "test/Diff.test.ts"])
