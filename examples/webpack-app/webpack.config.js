// Nothing for the .wasm: webpack 5 takes the package's
// `new URL("bitcoin_central_bg.wasm", import.meta.url)` as an asset by itself, emits the
// file into dist/ under a hashed name and rewrites the URL to it.
import { fileURLToPath } from "node:url";

export default {
  mode: "production",
  entry: "./src/main.js",
  output: { path: fileURLToPath(new URL("dist/", import.meta.url)), filename: "main.js", clean: true },
  // Optional: webpack's size hint counts the .wasm (343 KiB before compression).
  performance: { assetFilter: (file) => !file.endsWith(".wasm") },
};
