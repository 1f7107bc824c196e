// The built app in Chromium against the sandbox (examples/bundled-app.mjs): the package
// installed from its tarball, bundled by webpack 5 with no configuration for the .wasm
// (emitted as an asset from the glue's `new URL(..., import.meta.url)`).
import { testBundledApp } from "../../bundled-app.mjs";

testBundledApp({ root: new URL("../", import.meta.url), bundler: "webpack", wasmPath: /^\/dist\/[0-9a-f]+\.wasm$/ });
