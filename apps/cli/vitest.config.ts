import { suites } from "../../tooling/vitest.preset.js"

// End-to-end files (worker threads, spawned processes, browsers, brokers) run in the `test:e2e` task;
// heavy ones (over 10 s each even when shrunk) in the `test:heavy` task, which `npm test` runs last.
export default suites(["test/Generate.test.ts", "test/Shard.test.ts", "test/bin.test.ts", "test/Docs.test.ts", "test/Lock.test.ts", "test/Serve.test.ts", "test/Signals.test.ts", "test/Stream.test.ts", "test/Validate.test.ts", "test/Report.test.ts", "test/Filesystem.test.ts", "test/StreamSse.test.ts"], ["test/Crash.test.ts", "test/Scenario.test.ts"])
