// The library's one error class. Defined in JS so it is a real `Error` subclass
// (`instanceof Error`, stack traces); the Rust side constructs it (src/js/error.rs).
export class BitcoinCentralError extends Error {
  constructor(message, kind, status, messages, path, retryAfter, argument, url, code) {
    super(message);
    this.name = "BitcoinCentralError";
    this.kind = kind;
    this.status = status ?? null;
    this.messages = messages;
    this.path = path ?? null;
    this.retryAfter = retryAfter ?? null;
    this.argument = argument ?? null;
    this.url = url ?? null;
    this.code = code ?? null;
  }
}
