import { suites } from "../../tooling/vitest.preset.js"

// End-to-end files (worker threads, spawned processes) run in the `test:e2e` task.
export default suites(["test/Generate.test.ts", "test/Shard.test.ts", "test/bin.test.ts"])
