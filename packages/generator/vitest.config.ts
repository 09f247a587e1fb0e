import { suites } from "../../tooling/vitest.preset.js"

// End-to-end files (worker threads, spawned processes, browsers, brokers) run in the `test:e2e` task;
// heavy ones (over 10 s each even when shrunk) in the `test:heavy` task, which `npm test` runs last.
export default suites(["test/Continue.test.ts", "test/ShardSafety.test.ts", "test/Lock.test.ts"], ["test/ScaleOut.test.ts", "test/Truth.test.ts", "test/ScenarioScaleOut.test.ts"])
