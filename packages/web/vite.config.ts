import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { firstViewChunks } from './scripts/firstViewChunk';
import { localeParts } from './scripts/localeParts';
import { precompress } from './scripts/precompress';
import { preloadApp } from './scripts/preloadApp';

// In development the Fastify server (port 8080) answers the API; the built app is served by it directly.
const target = process.env.HEMMA_API_ORIGIN ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [
    react(),
    // Service worker (Workbox, generated at build): precaches the app shell so the installed app opens
    // without a network. API answers are not cached here: the app keeps its own copy in IndexedDB, tied
    // to the logged-in patient (packages/web/src/offline/). The manifest is the hand-written public one.
    VitePWA({
      injectRegister: false,
      registerType: 'autoUpdate',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/(api|fhir|oauth2|health)(\/|$)/],
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
        // Web Push: shows Hemma's notifications and opens the app on a click (public/push-sw.js).
        importScripts: ['push-sw.js'],
      },
    }),
    localeParts(),
    preloadApp(),
    precompress(),
  ],
  server: {
    proxy: {
      '/api': { target },
      '/fhir': { target },
      '/health': { target },
    },
  },
  // Preact's React-compatible layer instead of react-dom (~45 kB less to download before the first view on
  // a slow link, bench/web-budget.ts). The code is written against React's API and types; the whole e2e
  // suite runs on the build. `react`/`react-dom` stay installed for the types and libraries' peer checks.
  resolve: {
    alias: [
      { find: /^react$/, replacement: 'preact/compat' },
      { find: /^react-dom$/, replacement: 'preact/compat' },
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^use-sync-external-store\/shim(\/index\.js)?$/, replacement: 'preact/compat' },
    ],
  },
  build: {
    sourcemap: true,
    rolldownOptions: {
      // @hemma/core is pure (no module does anything on import), so a page importing one function from
      // its index does not pull in the whole domain (protocol library, questionnaires, Bluetooth decoders).
      treeshake: { moduleSideEffects: [{ test: /[\\/]packages[\\/]core[\\/]src[\\/]/, sideEffects: false }] },
      output: {
        codeSplitting: {
          groups: [
            // Two chunks per language (src/i18n/languages.ts): only the active language is downloaded, and
            // of it before the first view only the first view's texts (`locale-<lang>`), the rest after
            // (`locale-<lang>-more`, src/i18n/firstView.ts).
            {
              name: (id) => {
                const m = /[\\/]i18n[\\/]locales[\\/]([^\\/]+)[\\/].*[?&]texts=(first|rest)/.exec(id);
                return m ? `locale-${m[1]}${m[2] === 'rest' ? '-more' : ''}` : null;
              },
            },
            // Everything the app needs before its first view in one chunk: on a slow link each extra
            // request waits for one of the browser's six connections, at ~0.4 s a round trip.
            ...firstViewChunks(
              fileURLToPath(new URL('src/start.tsx', import.meta.url)),
              fileURLToPath(new URL('src/main.tsx', import.meta.url)),
              /[\\/]packages[\\/]core[\\/]src[\\/]/,
            ),
          ],
        },
      },
    },
  },
});
