// The built app in Chromium against the sandbox (examples/bundled-app.mjs): the package
// installed from its tarball, bundled by esbuild, its .wasm imported by the app
// (--loader:.wasm=file emits it; the app gives its URL to init()).
import { testBundledApp } from "../../bundled-app.mjs";

testBundledApp({ root: new URL("../", import.meta.url), bundler: "esbuild", wasmPath: /^\/dist\/bitcoin_central_bg-[0-9A-Z]+\.wasm$/ });
