/** The program name, as installed by the package's `bin`. */
export const NAME = "retail-datagen"

/** The config file picked up from the working directory when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = "retail-datagen.json"
