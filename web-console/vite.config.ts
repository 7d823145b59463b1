// Build of the web console. Output: web-console/dist (WEB_CONSOLE_OUT_DIR to change), served under the base
// path WEB_CONSOLE_BASE (default `/`; e.g. `/console/`), which the router uses as its basename too.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const base = process.env.WEB_CONSOLE_BASE ?? '/';

export default defineConfig({
  root: import.meta.dirname,
  base: base.endsWith('/') ? base : `${base}/`,
  plugins: [react()],
  build: {
    outDir: process.env.WEB_CONSOLE_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
