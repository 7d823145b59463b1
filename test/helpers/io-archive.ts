/** The archive generator lives in src/tools/io-archive.ts (the local launcher seeds demo data with it). */
export * from '../../src/tools/io-archive.js';
