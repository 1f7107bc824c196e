// The library's one error class. Defined in JS so it is a real `Error` subclass
// (`instanceof Error`, stack traces); the Rust side constructs it (src/js/error.rs)
// with its message and its fields as one JSON object, as every value leaves wasm.
export class BitcoinCentralError extends Error {
  constructor(message, fields) {
    super(message);
    const { kind, status, messages, path, retryAfter, argument, url, code } = JSON.parse(fields);
    this.name = "BitcoinCentralError";
    this.kind = kind;
    this.status = status;
    this.messages = messages;
    this.path = path;
    this.retryAfter = retryAfter;
    this.argument = argument;
    this.url = url;
    this.code = code;
  }
}
