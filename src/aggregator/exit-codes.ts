/** Process exit codes (spec 1.6). */
export const EXIT = { ok: 0, error: 1, storage: 2, consumerStop: 3, serverStop: 4, migration: 5 } as const;
