import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * NADOO OS is served by the product's own server under /os/. In development, `npm run dev:web`
 * serves it with hot reload on port 5173 and passes /api to the server (see the README).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: "/os/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      "/api": { target: process.env.NADOO_API_URL ?? "http://localhost:8000", changeOrigin: false },
    },
  },
});
