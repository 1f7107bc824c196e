import { defineConfig } from "vite";

export default defineConfig({
  // The package loads its .wasm with `new URL(..., import.meta.url)`, which the
  // dependency pre-bundler of the dev server would break; a build needs nothing.
  optimizeDeps: { exclude: ["bitcoin-central"] },
});
