import { suites } from "../../tooling/vitest.preset.js"

// End-to-end files (worker threads, spawned processes, browsers, brokers) run in the `test:e2e` task.
export default suites(["test/Splits.test.ts", "test/BuiltIn.test.ts"])
