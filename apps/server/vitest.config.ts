import { suites } from "../../tooling/vitest.preset.js"

// End-to-end files (worker threads, spawned processes, browsers, brokers) run in the `test:e2e` task.
export default suites(["test/Console.test.ts", "test/Faults.test.ts", "test/Readme.test.ts", "test/Streams.test.ts", "test/Reports.test.ts", "test/StreamConsole.test.ts"])
