// esbuild's file loader (--loader:.wasm=file) makes a .wasm import the URL of the copy
// it emits.
declare module "*.wasm" {
  const url: string;
  export default url;
}
