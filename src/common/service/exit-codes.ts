/**
 * Exit codes every executable shares (upstream's Go services): 0 ok, 1 error (a task failed, zerolog
 * Fatal), 2 a configuration that cannot be loaded (Go panics while loading it, and a panic exits 2).
 * A service adds its own codes (the aggregator: 2 storage not ready, 3/4 stop errors, 5 migration).
 */
export const EXIT = { ok: 0, error: 1, config: 2 } as const;
