import { suites } from "../../tooling/vitest.preset.js"

// End-to-end files (worker threads, spawned processes, browsers, brokers) run in the `test:e2e` task;
// heavy ones (over 10 s each even when shrunk) in the `test:heavy` task, which `npm test` runs last.
export default suites(["test/Readme.test.ts", "test/Streams.test.ts", "test/Reports.test.ts"], ["test/Console.test.ts", "test/StreamConsole.test.ts", "test/Faults.test.ts"])
