/**
 * The directory the user ran the command in. `pnpm retail-datagen …` (the workspace script) runs
 * the executable from the workspace root and records the user's directory in `INIT_CWD`; relative
 * paths on the command line and in the configuration must resolve from there.
 */
export const userDirectory = (env: NodeJS.ProcessEnv): string | undefined =>
  env.npm_lifecycle_event === "retail-datagen" && env.INIT_CWD !== undefined && env.INIT_CWD !== ""
    ? env.INIT_CWD
    : undefined
