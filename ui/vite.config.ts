import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The UI is served from the app bundle; nothing is fetched from anywhere else.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  build: {
    target: 'safari15',
    outDir: 'dist',
    emptyOutDir: true,
    // Inline nothing as data: URLs beyond images; the CSP allows only 'self' for scripts/styles.
    assetsInlineLimit: 0,
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
