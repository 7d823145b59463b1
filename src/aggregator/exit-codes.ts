/** The aggregator's process exit codes (spec 1.6), on top of the ones every executable shares. */
import { EXIT as COMMON } from '#common/service/exit-codes.js';

export const EXIT = { ...COMMON, storage: 2, consumerStop: 3, serverStop: 4, migration: 5 } as const;
