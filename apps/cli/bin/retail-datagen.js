#!/usr/bin/env node
// The command's entry point. It is committed, not built, so that installing the workspace can link
// it before the first build (pnpm warns about a missing bin target otherwise); the program itself
// is dist/bin.js.
import "../dist/bin.js"
