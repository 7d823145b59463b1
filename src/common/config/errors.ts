/** A configuration that cannot be used: the message names the key, the value or the file. */
export class ConfigError extends Error {}
