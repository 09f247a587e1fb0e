import { suites } from "../../tooling/vitest.preset.js"

// End-to-end files (worker threads, spawned processes, browsers, brokers) run in the `test:e2e` task.
export default suites(["test/ScaleOut.test.ts", "test/Continue.test.ts", "test/ShardSafety.test.ts", "test/Lock.test.ts", "test/Truth.test.ts", "test/ScenarioScaleOut.test.ts"])
