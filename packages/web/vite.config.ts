import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the Fastify server (port 8080) answers the API; the built app is served by it directly.
const target = process.env.HEMMA_API_ORIGIN ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target },
      '/fhir': { target },
      '/health': { target },
    },
  },
  build: { sourcemap: true },
});
