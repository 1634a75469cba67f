import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './scripts/precompress';

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
    precompress(),
  ],
  server: {
    proxy: {
      '/api': { target },
      '/fhir': { target },
      '/health': { target },
    },
  },
  build: { sourcemap: true },
});
