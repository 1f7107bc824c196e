// Where the bytes of a .wasm go, by Rust crate: `make size` (over a build that keeps
// the `name` section, target/size/) and the size section of `make bench`.
//
//   node scripts/size-by-crate.mjs FILE.wasm [--top N] [--crate NAME] [--shipped PKG_DIR]
//
// Walks the module's sections, gives every function body of the code section to the
// crate its name (from the `name` section) belongs to, and prints one row per crate:
// functions, raw bytes, share of the module, and an estimate of its gzip share.
//
//   crate        Rust symbols are demangled (legacy `_ZN…E` and v0 `_R…`; names that
//                wasm-bindgen already demangled are read as they are). A path's crate is
//                its first segment (`core::fmt::write` → core); a trait impl or an
//                inherent impl counts for the implementing type's crate
//                (`<serde_json::de::Deserializer<R> as serde::de::Deserializer>::…` →
//                serde_json; `&T` and `*T` count as T, `dyn Trait` as Trait), and for
//                the impl's crate (v0) or the trait's when that type is a primitive, a
//                slice, a tuple or a type parameter
//                (`<str>::replace`, once demangled, names neither: alloc for the methods
//                that allocate, std for float math, core for the rest).
//                Generic functions count for the crate that defines them:
//                `core::ptr::drop_in_place::<bitcoin_central::model::Order>` is core.
//                `__wbg_*` / `__wbindgen_*` and the externref shims wasm-bindgen writes
//                are "wasm-bindgen glue"; the #[wasm_bindgen] exports (`parseDepth`,
//                `client_new`: unmangled, exported) count for --crate (default: the
//                file's name without `_bg`); memcpy & co. for compiler_builtins.
//   data         the data section (string literals, tables)
//   other        every other shipped section: types, imports, exports, tables, the code
//                section's own header, `producers`, `target_features`, …
//                The `name` section and DWARF (`.debug_*`) are not counted: the shipped
//                build has neither, so the total is what ships for the same code.
//   gzip         each group's bytes compressed alone (gzip -9), as a share of the sum of
//                those: an estimate. Alone, a group loses what it shares with the others,
//                so the sum is more than the whole file compressed (printed beside).
//
// --shipped PKG_DIR also prints the package's shipped files gzipped
// (scripts/sizes.mjs) and whether PKG_DIR's wasm has the very same code and data
// sections as FILE (the names-keeping build measures the shipped code, or says not).
//
// As a module: sizeByCrate(bytes, options) → report, formatReport(report, { top }) → text.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";

// ---- The module's sections -----------------------------------------------------------

const SECTION = { custom: 0, type: 1, import: 2, function: 3, export: 7, code: 10, data: 11 };

/** A cursor over bytes with LEB128 reads. */
function reader(bytes, at = 0) {
  const r = {
    at,
    u8: () => bytes[r.at++],
    u32() {
      let value = 0;
      let shift = 0;
      let byte;
      do {
        byte = bytes[r.at++];
        if (byte === undefined) throw new Error("size-by-crate: the module ends inside a number");
        value += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte & 0x80);
      return value;
    },
    name() {
      const length = r.u32();
      const text = Buffer.from(bytes.buffer, bytes.byteOffset + r.at, length).toString("utf8");
      r.at += length;
      return text;
    },
  };
  return r;
}

/** The sections in order: `{ id, name, start, payload, end }` (start: the id byte; payload: after the size). */
export function sections(bytes) {
  const magic = bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  if (!magic) throw new Error("size-by-crate: not a wasm module (no \\0asm header)");
  const out = [];
  const r = reader(bytes, 8);
  while (r.at < bytes.length) {
    const start = r.at;
    const id = r.u8();
    const size = r.u32();
    const payload = r.at;
    const end = payload + size;
    if (end > bytes.length) throw new Error(`size-by-crate: section ${id} runs past the end of the module`);
    const name = id === SECTION.custom ? reader(bytes, payload).name() : null;
    out.push({ id, name, start, payload, end });
    r.at = end;
  }
  return out;
}

/** Function index → name, from the `name` section's function names (subsection 1). */
function functionNames(bytes, section) {
  const names = new Map();
  if (!section) return names;
  const r = reader(bytes, section.payload);
  r.name(); // "name"
  while (r.at < section.end) {
    const kind = r.u8();
    const size = r.u32();
    const end = r.at + size;
    if (kind === 1) {
      for (let n = r.u32(); n > 0; n--) {
        const index = r.u32();
        names.set(index, r.name());
      }
    }
    r.at = end;
  }
  return names;
}

/** How many functions the module imports (they come first in the function index space). */
function importedFunctions(bytes, section) {
  if (!section) return 0;
  const r = reader(bytes, section.payload);
  let functions = 0;
  for (let n = r.u32(); n > 0; n--) {
    r.name();
    r.name();
    const kind = r.u8();
    if (kind === 0) {
      functions++;
      r.u32(); // type index
    } else if (kind === 1) {
      r.u8(); // reference type
      limits(r);
    } else if (kind === 2) {
      limits(r);
    } else if (kind === 3) {
      r.u8(); // value type
      r.u8(); // mutability
    } else if (kind === 4) {
      r.u8(); // tag attribute
      r.u32(); // type index
    } else {
      throw new Error(`size-by-crate: unknown import kind ${kind}`);
    }
  }
  return functions;
}

function limits(r) {
  const flags = r.u8();
  r.u32();
  if (flags & 1) r.u32();
}

/** The names the module exports functions under. */
function exportNames(bytes, section) {
  const out = new Set();
  if (!section) return out;
  const r = reader(bytes, section.payload);
  for (let n = r.u32(); n > 0; n--) {
    const name = r.name();
    const kind = r.u8();
    r.u32();
    if (kind === 0) out.add(name);
  }
  return out;
}

/** The function bodies of the code section: `{ index, start, end }`, the size prefix included. */
function bodies(bytes, section, firstIndex) {
  const out = [];
  if (!section) return out;
  const r = reader(bytes, section.payload);
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    const start = r.at;
    const size = r.u32();
    out.push({ index: firstIndex + i, start, end: r.at + size });
    r.at += size;
  }
  return out;
}

// ---- Symbol names --------------------------------------------------------------------

/** A Rust symbol as readable text: legacy and v0 manglings demangled, anything else as it is. */
export function demangle(name) {
  const legacy = name.match(/^_{1,2}ZN/);
  if (legacy) return demangleLegacy(name.slice(legacy[0].length)) ?? name;
  if (name.startsWith("_R")) {
    try {
      return new V0(name.slice(2)).symbol().text;
    } catch {
      return name;
    }
  }
  return name;
}

const LEGACY_ESCAPES = { SP: "@", BP: "*", RF: "&", LT: "<", GT: ">", LP: "(", RP: ")", C: "," };

/** `4core3fmt5write17h0123456789abcdefE` → `core::fmt::write` (the hash dropped). */
function demangleLegacy(rest) {
  const parts = [];
  let at = 0;
  while (at < rest.length && rest[at] !== "E") {
    const digits = rest.slice(at).match(/^\d+/);
    if (!digits) return null;
    at += digits[0].length;
    const length = Number(digits[0]);
    let part = rest.slice(at, at + length);
    if (part.length !== length) return null;
    at += length;
    if (/^h[0-9a-f]{16}$/.test(part) && rest[at] === "E") break; // the hash
    if (part.startsWith("_$")) part = part.slice(1);
    part = part
      .replace(/\$(SP|BP|RF|LT|GT|LP|RP|C)\$/g, (_, code) => LEGACY_ESCAPES[code])
      .replace(/\$u([0-9a-f]+)\$/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/\.\./g, "::");
    parts.push(part);
  }
  return parts.length ? parts.join("::") : null;
}

const V0_BASIC = {
  a: "i8", b: "bool", c: "char", d: "f64", e: "str", f: "f32", h: "u8", i: "isize", j: "usize", l: "i32", m: "u32",
  n: "i128", o: "u128", s: "i16", t: "u16", u: "()", v: "...", x: "i64", y: "u64", z: "!", p: "_",
};

/**
 * A v0 symbol (RFC 2603), parsed for what this script needs: readable text (hashes and
 * disambiguators left out, const values abbreviated) and the crate each path counts
 * for. Every parse method returns `{ text, crate }`; `crate` is null for a type that
 * belongs to no crate (a primitive, a slice, a tuple, `dyn`, a fn pointer).
 */
class V0 {
  constructor(s) {
    this.s = s;
    this.at = 0;
    this.depth = 0;
  }
  peek() {
    return this.s[this.at];
  }
  next() {
    if (this.at >= this.s.length) throw new Error("v0: unexpected end");
    return this.s[this.at++];
  }
  eat(c) {
    if (this.s[this.at] === c) {
      this.at++;
      return true;
    }
    return false;
  }
  base62() {
    if (this.eat("_")) return 0;
    let value = 0;
    for (;;) {
      const c = this.next();
      if (c === "_") return value + 1;
      const d = c >= "0" && c <= "9" ? c.charCodeAt(0) - 48 : c >= "a" && c <= "z" ? c.charCodeAt(0) - 87 : c >= "A" && c <= "Z" ? c.charCodeAt(0) - 29 : -1;
      if (d < 0) throw new Error("v0: bad base-62 digit");
      value = value * 62 + d;
    }
  }
  decimal() {
    const m = this.s.slice(this.at).match(/^(0|[1-9]\d*)/);
    if (!m) throw new Error("v0: expected a decimal number");
    this.at += m[0].length;
    return Number(m[0]);
  }
  disambiguator() {
    if (this.eat("s")) this.base62();
  }
  ident() {
    const puny = this.eat("u");
    const length = this.decimal();
    this.eat("_");
    const text = this.s.slice(this.at, this.at + length);
    if (text.length !== length) throw new Error("v0: identifier past the end");
    this.at += length;
    return puny ? `{punycode ${text}}` : text;
  }
  /** Runs `parse` at a backref's target, then comes back. */
  backref(parse) {
    const target = this.base62();
    if (target >= this.at) throw new Error("v0: forward backref");
    if (++this.depth > 200) throw new Error("v0: backrefs too deep");
    const saved = this.at;
    this.at = target;
    try {
      return parse.call(this);
    } finally {
      this.at = saved;
      this.depth--;
    }
  }
  symbol() {
    if (/\d/.test(this.peek())) this.decimal(); // encoding version
    const path = this.path();
    // The instantiating crate (and any vendor suffix) do not change what the function is.
    return path;
  }
  path() {
    const tag = this.next();
    switch (tag) {
      case "C": {
        this.disambiguator();
        const name = this.ident();
        return { text: name, crate: name };
      }
      case "N": {
        const ns = this.next();
        const inner = this.path();
        this.disambiguator();
        const name = this.ident();
        const shown = ns === "C" ? `{closure${name ? ":" + name : ""}}` : ns === "S" ? `{shim${name ? ":" + name : ""}}` : ns >= "A" && ns <= "Z" ? `{${ns}${name ? ":" + name : ""}}` : name;
        return { text: `${inner.text}::${shown}`, crate: inner.crate };
      }
      case "M": {
        this.disambiguator();
        const impl = this.path();
        const self = this.type();
        return { text: `<${self.text}>`, crate: self.crate ?? impl.crate };
      }
      case "X": {
        this.disambiguator();
        const impl = this.path();
        const self = this.type();
        const trait = this.path();
        return { text: `<${self.text} as ${trait.text}>`, crate: self.crate ?? impl.crate };
      }
      case "Y": {
        const self = this.type();
        const trait = this.path();
        return { text: `<${self.text} as ${trait.text}>`, crate: self.crate ?? trait.crate };
      }
      case "I": {
        const inner = this.path();
        const args = [];
        while (!this.eat("E")) args.push(this.genericArg());
        return { text: `${inner.text}::<${args.join(", ")}>`, crate: inner.crate };
      }
      case "B":
        return this.backref(this.path);
      default:
        throw new Error(`v0: unexpected path tag ${tag}`);
    }
  }
  genericArg() {
    if (this.eat("L")) {
      this.base62();
      return "'_";
    }
    if (this.eat("K")) return this.constant();
    return this.type().text;
  }
  type() {
    const c = this.peek();
    if (V0_BASIC[c]) {
      this.at++;
      return { text: V0_BASIC[c], crate: null };
    }
    if ("CMXYNI".includes(c)) return this.path();
    this.at++;
    switch (c) {
      case "B":
        return this.backref(this.type);
      case "A": {
        const inner = this.type();
        const length = this.constant();
        return { text: `[${inner.text}; ${length}]`, crate: null };
      }
      case "S":
        return { text: `[${this.type().text}]`, crate: null };
      case "T": {
        const items = [];
        while (!this.eat("E")) items.push(this.type().text);
        return { text: `(${items.join(", ")}${items.length === 1 ? "," : ""})`, crate: null };
      }
      case "R":
      case "Q": {
        if (this.eat("L")) this.base62();
        const inner = this.type();
        return { text: `&${c === "Q" ? "mut " : ""}${inner.text}`, crate: inner.crate };
      }
      case "P":
      case "O": {
        const inner = this.type();
        return { text: `*${c === "O" ? "mut" : "const"} ${inner.text}`, crate: inner.crate };
      }
      case "F":
        return { text: this.fnSig(), crate: null };
      case "D": {
        if (this.eat("G")) this.base62();
        const traits = [];
        while (!this.eat("E")) {
          const trait = this.path();
          const bindings = [];
          while (this.eat("p")) bindings.push(`${this.ident()} = ${this.type().text}`);
          traits.push(bindings.length ? { text: `${trait.text}<${bindings.join(", ")}>`, crate: trait.crate } : trait);
        }
        this.eat("L") && this.base62();
        return { text: `dyn ${traits.map((t) => t.text).join(" + ")}`, crate: traits[0]?.crate ?? null };
      }
      case "W": {
        // A pattern type (unstable): its base type, then the pattern.
        const inner = this.type();
        this.pattern();
        return { text: `${inner.text} is …`, crate: inner.crate };
      }
      default:
        throw new Error(`v0: unexpected type tag ${c}`);
    }
  }
  pattern() {
    const tag = this.next();
    if (tag === "R") {
      this.constant();
      this.constant();
    } else if (tag === "O") {
      while (!this.eat("E")) this.pattern();
    } else if (tag !== "N") {
      throw new Error("v0: unknown pattern");
    }
  }
  fnSig() {
    if (this.eat("G")) this.base62();
    const unsafe = this.eat("U");
    let abi = "";
    if (this.eat("K")) abi = this.eat("C") ? 'extern "C" ' : `extern "${this.ident()}" `;
    const params = [];
    while (!this.eat("E")) params.push(this.type().text);
    const result = this.type().text;
    return `${unsafe ? "unsafe " : ""}${abi}fn(${params.join(", ")}) -> ${result}`;
  }
  hex() {
    const start = this.at;
    while (/[0-9a-f]/.test(this.peek() ?? "")) this.at++;
    const digits = this.s.slice(start, this.at);
    if (!this.eat("_")) throw new Error("v0: const data without its end");
    return digits;
  }
  constant() {
    const tag = this.next();
    switch (tag) {
      case "p":
        return "_";
      case "B":
        return this.backref(this.constant);
      case "h": case "t": case "m": case "y": case "o": case "j":
        return String(BigInt("0x" + (this.hex() || "0")));
      case "a": case "s": case "l": case "x": case "n": case "i": {
        const negative = this.eat("n");
        return (negative ? "-" : "") + String(BigInt("0x" + (this.hex() || "0")));
      }
      case "b":
        return this.hex() === "1" ? "true" : "false";
      case "c":
        return JSON.stringify(String.fromCodePoint(parseInt(this.hex() || "0", 16)));
      case "e":
        this.hex();
        return '"…"';
      case "R":
      case "Q":
        if (tag === "R" && this.eat("e")) {
          this.hex();
          return '"…"';
        }
        return `&${this.constant()}`;
      case "A":
      case "T": {
        const items = [];
        while (!this.eat("E")) items.push(this.constant());
        return tag === "A" ? `[${items.join(", ")}]` : `(${items.join(", ")})`;
      }
      case "V": {
        const path = this.path().text;
        const kind = this.next();
        if (kind === "T") while (!this.eat("E")) this.constant();
        else if (kind === "S") {
          while (!this.eat("E")) {
            this.disambiguator();
            this.ident();
            this.constant();
          }
        } else if (kind !== "U") throw new Error("v0: unknown const variant");
        return kind === "U" ? path : `${path} {…}`;
      }
      default:
        throw new Error(`v0: unexpected const tag ${tag}`);
    }
  }
}

/** Index of the `>` closing the `<` at `open`, skipping `->`. */
function closing(s, open) {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "<") depth++;
    else if (s[i] === ">" && s[i - 1] !== "-" && --depth === 0) return i;
  }
  return -1;
}

/** `T as Trait` split at its top-level ` as `. */
function splitAs(inner) {
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === "<" || c === "(" || c === "[") depth++;
    else if ((c === ">" && inner[i - 1] !== "-") || c === ")" || c === "]") depth--;
    else if (depth === 0 && inner.startsWith(" as ", i)) return [inner.slice(0, i), inner.slice(i + 4)];
  }
  return [inner, null];
}

/**
 * The crate of demangled text (a path or a type): rustc-demangle's output, with or
 * without v0's `[hash]` disambiguators. Null for a type of no crate.
 */
function crateOfText(s) {
  s = s.trim();
  for (;;) {
    const prefix = s.match(/^(&mut |&|\*const |\*mut |unsafe |extern "[^"]*" )/);
    if (!prefix) break;
    s = s.slice(prefix[0].length);
  }
  if (s.startsWith("<")) {
    const end = closing(s, 0);
    if (end < 0) return null;
    const [self, trait] = splitAs(s.slice(1, end));
    return crateOfText(self) ?? (trait ? crateOfText(trait) : null);
  }
  if (s.startsWith("dyn ")) return crateOfText(s.slice(4));
  if (/^(\[|\(|impl |fn\()/.test(s)) return null;
  // A crate path: `serde_json::…` or, from v0, `serde_json[2cba5040a6bc2531]::…`. A bare
  // name is a primitive or (legacy symbols are not monomorphized in name) a type parameter.
  const m = s.match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/);
  return m ? m[1] : null;
}

/**
 * An inherent method of a primitive type, once demangled (`<str>::replace`), no longer
 * says which crate defines it (its v0 symbol does): alloc for the few that allocate,
 * std for float math, core for the rest.
 */
const ALLOC_METHODS = /^<(str|\[.*\])>::(to_lowercase|to_uppercase|to_ascii_lowercase|to_ascii_uppercase|replace|replacen|repeat|into_string|into_boxed_bytes|to_vec|to_vec_in|into_vec|concat|join|connect|sort|sort_by|sort_by_key|sort_by_cached_key)(::|$)/;
const STD_METHODS = /^<f(32|64)>::(floor|ceil|round|round_ties_even|trunc|fract|sqrt|cbrt|powi|powf|exp|exp2|exp_m1|ln|ln_1p|log|log2|log10|hypot|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|mul_add|div_euclid|rem_euclid)(::|$)/;
function primitiveMethodCrate(text) {
  return ALLOC_METHODS.test(text) ? "alloc" : STD_METHODS.test(text) ? "std" : "core";
}

const GLUE = "wasm-bindgen glue";
/** compiler-builtins' unmangled symbols (memcpy & co., 128-bit and float helpers). */
const BUILTIN = /^(memcpy|memmove|memset|memcmp|bcmp|strlen|(round|floor|ceil|trunc|fmod|fmin|fmax|sqrt|pow|exp|exp2|log|log2|log10)f?|__(mul|div|udiv|mod|umod|ash|lsh|lshr|ashr|add|sub|neg|cmp|ucmp|pow|float|fix|trunc|extend)[a-z0-9]*)$/;

/** What a function's name counts for: a crate, "wasm-bindgen glue", or a label in parentheses. */
export function groupOf(name, { exportNames = new Set(), ownCrate = "(exports)" } = {}) {
  if (name === undefined) return "(unnamed)";
  // A mangled symbol, possibly behind a prefix wasm-bindgen gave it (`f_R…`).
  let text = name;
  let crate = null;
  const mangled = name.match(/(_{1,2}ZN|_R)[0-9A-Za-z_$.]+$/);
  if (mangled?.[1] === "_R") {
    try {
      ({ text, crate } = new V0(mangled[0].slice(2)).symbol());
    } catch {
      /* not v0 after all: read as text below */
    }
  } else if (mangled) {
    text = demangleLegacy(mangled[0].slice(mangled[1].length)) ?? name;
  }
  // wasm-bindgen's: import wrappers (`…::__wbg_then_…`), its intrinsics, and the
  // adapters its CLI writes (`… externref shim`, `Closure(…) -> Externref`).
  if (/(^|::)(__wbg_|__wbindgen_|__externref_)/.test(text) || / (externref|multivalue) shim$/.test(text) || /^[A-Z][A-Za-z]*\(.*\) -> /.test(text)) return GLUE;
  if (!crate && (text.includes("::") || text.startsWith("<"))) crate = crateOfText(text) ?? primitiveMethodCrate(text);
  // rustc's allocator shims (`__rustc::__rust_alloc`) are std's, as their unmangled names below.
  if (crate) return crate === "__rustc" ? "std" : crate;
  if (BUILTIN.test(text)) return "compiler_builtins";
  if (/^(__rust_|__rdl_|__rg_|__rdos_|rust_begin_unwind|rust_panic|__rust_start_panic)/.test(text)) return "std";
  // A #[wasm_bindgen] export (`parseDepth`, `client_new`): unmangled, named as it is exported.
  if (exportNames.has(text)) return ownCrate;
  return "(other, unmangled)";
}

// ---- The report ----------------------------------------------------------------------

const gz = (buffers) => gzipSync(Buffer.concat(buffers), { level: 9 }).length;

/**
 * @param bytes     the .wasm (with its `name` section, or every function is unnamed)
 * @param options   { ownCrate: the crate of the #[wasm_bindgen] exports, gzip: true }
 * @returns { rows: [{ group, functions, raw, gz }], total, totalGz, wholeGz, named, functions,
 *            notCounted: [{ name, bytes }], codeAndData: sha256 of the code and data sections }
 */
export function sizeByCrate(bytes, { ownCrate = "(exports)", gzip = true } = {}) {
  bytes = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const all = sections(bytes);
  const find = (id) => all.find((s) => s.id === id);
  const nameSection = all.find((s) => s.id === SECTION.custom && s.name === "name");
  const names = functionNames(bytes, nameSection);
  const imported = importedFunctions(bytes, find(SECTION.import));
  const exported = exportNames(bytes, find(SECTION.export));
  const code = find(SECTION.code);
  const slice = (start, end) => bytes.subarray(start, end);

  const groups = new Map();
  const add = (group, chunk, functions = 0) => {
    const g = groups.get(group) ?? { group, functions: 0, raw: 0, chunks: [] };
    g.functions += functions;
    g.raw += chunk.length;
    g.chunks.push(chunk);
    groups.set(group, g);
  };
  let named = 0;
  const list = bodies(bytes, code, imported);
  for (const body of list) {
    const name = names.get(body.index);
    if (name !== undefined) named++;
    add(groupOf(name, { exportNames: exported, ownCrate }), slice(body.start, body.end), 1);
  }
  const notCounted = [];
  const kept = [slice(0, 8)];
  for (const s of all) {
    const whole = slice(s.start, s.end);
    if (s.id === SECTION.custom && (s.name === "name" || s.name.startsWith(".debug_") || s.name === "__wasm_bindgen_unstable")) {
      notCounted.push({ name: s.name, bytes: whole.length });
      continue;
    }
    kept.push(whole);
    if (s.id === SECTION.data) add("data", whole);
    else if (s.id === SECTION.code) {
      // The code section's id, size and count: everything but the bodies.
      add("other sections", slice(s.start, list.length ? list[0].start : s.end));
    } else add("other sections", whole);
  }
  const rows = [...groups.values()]
    .map((g) => ({ group: g.group, functions: g.functions, raw: g.raw, gz: gzip ? gz(g.chunks) : null }))
    .sort((a, b) => b.raw - a.raw || a.group.localeCompare(b.group));
  const total = rows.reduce((sum, r) => sum + r.raw, 0);
  const keptBytes = kept.reduce((sum, k) => sum + k.length, 0);
  if (total + 8 !== keptBytes) throw new Error(`size-by-crate: ${total + 8} bytes attributed, ${keptBytes} counted`);
  const hash = createHash("sha256");
  for (const s of all) if (s.id === SECTION.code || s.id === SECTION.data) hash.update(slice(s.start, s.end));
  return {
    rows,
    total: keptBytes,
    totalGz: gzip ? rows.reduce((sum, r) => sum + r.gz, 0) : null,
    wholeGz: gzip ? gz(kept) : null,
    functions: list.length,
    named,
    notCounted,
    codeAndData: hash.digest("hex"),
  };
}

/** The sha256 of a module's code and data sections (to tell whether two builds hold the same code). */
export function codeAndDataHash(bytes) {
  const hash = createHash("sha256");
  for (const s of sections(bytes)) if (s.id === SECTION.code || s.id === SECTION.data) hash.update(bytes.subarray(s.start, s.end));
  return hash.digest("hex");
}

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const pct = (part, whole) => `${((100 * part) / whole).toFixed(1)}%`;

/** The report as a Markdown table, largest first; `top` rows, the rest summed in one. */
export function formatReport(report, { top = Infinity } = {}) {
  const shown = report.rows.slice(0, top);
  const rest = report.rows.slice(top);
  const gzip = report.totalGz !== null;
  const row = (r) => [r.group, String(r.functions || ""), `${r.raw.toLocaleString("en-US")} B`, pct(r.raw, report.total), ...(gzip ? [kb(r.gz), pct(r.gz, report.totalGz)] : [])];
  const rows = shown.map(row);
  if (rest.length) {
    const sum = (k) => rest.reduce((s, r) => s + r[k], 0);
    rows.push(row({ group: `(${rest.length} more)`, functions: sum("functions"), raw: sum("raw"), gz: gzip ? sum("gz") : null }));
  }
  rows.push([
    "total",
    String(report.functions),
    `${report.total.toLocaleString("en-US")} B`,
    "100%",
    ...(gzip ? [`${kb(report.totalGz)} Σ`, "100%"] : []),
  ]);
  const header = ["crate", "functions", "raw bytes", "share", ...(gzip ? ["gzip alone", "≈ gzip share"] : [])];
  const right = header.map((_, i) => i > 0);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => "| " + cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ") + " |";
  const out = [line(header), "| " + widths.map((w, i) => (right[i] ? "-".repeat(w - 1) + ":" : "-".repeat(w))).join(" | ") + " |", ...rows.map(line)];
  const notes = [];
  if (report.named < report.functions) notes.push(`${report.functions - report.named} of ${report.functions} functions have no name`);
  if (report.notCounted.length) notes.push(`not counted (not shipped): ${report.notCounted.map((s) => `${s.name} ${kb(s.bytes)}`).join(", ")}`);
  if (gzip) notes.push(`gzip alone: each group compressed by itself (gzip -9); the whole module compresses to ${kb(report.wholeGz)}, Σ groups ${kb(report.totalGz)}`);
  return out.join("\n") + (notes.length ? "\n" + notes.map((n) => `  ${n}`).join("\n") : "");
}

// ---- Command line --------------------------------------------------------------------

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const args = process.argv.slice(2);
  const option = (flag) => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const [, value] = args.splice(i, 2);
    if (value === undefined) throw new Error(`size-by-crate: ${flag} needs a value`);
    return value;
  };
  const top = Number(option("--top") ?? Infinity);
  const shippedDir = option("--shipped");
  const crate = option("--crate");
  const file = args[0];
  if (!file || args.length > 1) {
    console.error("usage: node scripts/size-by-crate.mjs FILE.wasm [--top N] [--crate NAME] [--shipped PKG_DIR]");
    process.exit(2);
  }
  const ownCrate = crate ?? basename(file).replace(/(_bg)?\.wasm$/, "");
  const bytes = readFileSync(file);
  const report = sizeByCrate(bytes, { ownCrate });
  if (report.named === 0) console.error(`size-by-crate: ${file} has no function names (a build without its name section?)`);
  console.log(`\n${file}: ${kb(report.total)} counted, by crate (raw bytes of function bodies; data; other sections)\n`);
  console.log(formatReport(report, { top }));
  if (shippedDir) {
    const { shippedSizes } = await import("./sizes.mjs");
    const shipped = shippedSizes(shippedDir);
    const wasm = shipped.files.find((f) => f.path.endsWith(".wasm"));
    const same = wasm && codeAndDataHash(readFileSync(join(shippedDir, wasm.path))) === report.codeAndData;
    console.log(`\n${shippedDir}: shipped files (gzip -9)\n`);
    for (const f of shipped.files) console.log(`  ${f.path.padEnd(58)} ${kb(f.raw).padStart(9)} ${kb(f.gz).padStart(9)} gz`);
    console.log(`  ${"total".padEnd(58)} ${kb(shipped.raw).padStart(9)} ${kb(shipped.gz).padStart(9)} gz`);
    console.log(
      same
        ? `\n✓ ${wasm.path} has the same code and data sections as ${file}: the table above is the shipped code`
        : `\n✗ ${wasm?.path ?? "the wasm"} does not have the same code and data as ${file}: the table above is another build`,
    );
  }
}
