//! JSON at the byte level: the tokenizer under the schema walk ([`crate::schema`]) and
//! the writer of what it hands to JS.
//!
//! Purpose-built rather than a general JSON library: the walk needs a number's raw
//! text (money is never an `f64`), a string's raw bytes when they need no unescaping
//! (copied to the output as they are), and nothing else; a general parser's generic
//! code costs tens of kilobytes in wasm and reads each value several times. It follows
//! RFC 8259 strictly (the grammar serde_json accepts, which `tests/differential.rs`
//! and the `differential` fuzz target hold it to): no comments, no trailing commas,
//! no leading zeros, no lone surrogates, no control characters in strings, UTF-8 only.

use std::borrow::Cow;

/// Containers nested this deep are refused where the schema walk reads them
/// (serde_json's limit too: 127 levels pass); skipped values have no limit
/// ([`Reader::skip`] keeps an explicit stack).
pub const MAX_DEPTH: usize = 128;

/// What is wrong with the bytes, at which byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Syntax {
    /// The input ended inside a value.
    Eof,
    /// `at` holds a byte that cannot start or continue what was expected.
    Unexpected { at: usize, expected: &'static str },
    /// A string holds an invalid escape, a lone surrogate, a control character or
    /// invalid UTF-8.
    BadString { at: usize },
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep { at: usize },
}

/// The bytes a string's scan passes over without a second look: printable ASCII
/// other than `"` and `\`.
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x20;
    while b < 0x80 {
        table[b] = b != b'"' as usize && b != b'\\' as usize;
        b += 1;
    }
    table
};

/// Whether any of the eight bytes of `word` is `"`, `\\`, a control character or
/// not ASCII (it may say yes for a plain byte that follows one that is: the caller
/// then looks byte by byte, so only a "no" must be exact, and it is).
#[inline]
fn needs_look(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let quote = zero(word ^ (ONES * b'"' as u64));
    let backslash = zero(word ^ (ONES * b'\\' as u64));
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    (quote | backslash | control | (word & HIGH)) != 0
}

/// A JSON string as it sits in the input, between its quotes, already checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawStr<'a> {
    /// The bytes between the quotes, escapes as written.
    pub raw: &'a [u8],
    /// Whether `raw` holds a `\` escape.
    pub escaped: bool,
}

impl<'a> RawStr<'a> {
    /// The string's value. Borrowed unless it had escapes.
    pub fn text(&self) -> Cow<'a, str> {
        if self.escaped {
            Cow::Owned(unescape(self.raw))
        } else {
            // Checked to be UTF-8 when it was read.
            Cow::Borrowed(std::str::from_utf8(self.raw).unwrap_or_default())
        }
    }

    /// Whether the value equals `text`, without allocating when there are no escapes.
    pub fn is(&self, text: &str) -> bool {
        if self.escaped {
            unescape(self.raw) == text
        } else {
            self.raw == text.as_bytes()
        }
    }
}

/// A cursor over JSON bytes. Every method skips the whitespace before what it reads.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        // A UTF-8 byte order mark is not JSON (RFC 8259 §8.1: "MUST NOT add"), and
        // serde_json refuses it too: it is left to fail as an unexpected byte.
        Reader { bytes, at: 0 }
    }

    /// Moves the cursor to `at` (where a slice of a walk stopped).
    pub fn seek(&mut self, at: usize) {
        self.at = at.min(self.bytes.len());
    }

    /// The byte offset of the cursor.
    pub fn offset(&self) -> usize {
        self.at
    }

    /// The input, whole.
    pub fn input(&self) -> &'a [u8] {
        self.bytes
    }

    /// The next byte that is not whitespace, without taking it.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes.get(self.at) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    fn unexpected(&self, expected: &'static str) -> Syntax {
        if self.at >= self.bytes.len() {
            Syntax::Eof
        } else {
            Syntax::Unexpected {
                at: self.at,
                expected,
            }
        }
    }

    /// Takes `byte` (after whitespace), or fails naming `expected`.
    #[inline]
    pub fn eat(&mut self, byte: u8, expected: &'static str) -> Result<(), Syntax> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.unexpected(expected))
        }
    }

    /// After a value inside `{...}` or `[...]`: `true` at `,` (another follows),
    /// `false` at `close` (taken).
    #[inline]
    pub fn more(&mut self, close: u8, expected: &'static str) -> Result<bool, Syntax> {
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.at += 1;
                Ok(false)
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    /// Just after `{` or `[`: takes `close` if the container is empty.
    #[inline]
    pub fn empty(&mut self, close: u8) -> bool {
        if self.peek() == Some(close) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Fails unless only whitespace is left.
    pub fn end(&mut self) -> Result<(), Syntax> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(Syntax::Unexpected {
                at: self.at,
                expected: "the end of the JSON",
            }),
        }
    }

    /// `true`, `false` or `null` at the cursor (already peeked at `t`, `f` or `n`).
    pub fn literal(&mut self, word: &'static [u8]) -> Result<(), Syntax> {
        let end = self.at + word.len();
        match self.bytes.get(self.at..end) {
            Some(found) if found == word => {
                self.at = end;
                Ok(())
            }
            Some(_) => Err(Syntax::Unexpected {
                at: self.at,
                expected: "a JSON value",
            }),
            None if self.bytes[self.at..] == word[..self.bytes.len() - self.at] => Err(Syntax::Eof),
            None => Err(Syntax::Unexpected {
                at: self.at,
                expected: "a JSON value",
            }),
        }
    }

    /// A number's text (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`, ASCII), cursor on
    /// its first byte.
    pub fn number(&mut self) -> Result<&'a [u8], Syntax> {
        self.number_and_plain().map(|(text, _)| text)
    }

    /// [`Reader::number`], and whether its text is a plain decimal that reads back
    /// unchanged: no exponent, not `-0…`, at most 28 digits (known from the scan).
    pub fn number_and_plain(&mut self) -> Result<(&'a [u8], bool), Syntax> {
        let bytes = self.bytes;
        let start = self.at;
        let mut i = start;
        let digits = |mut i: usize| {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            i
        };
        let fail = |i: usize| {
            if i >= bytes.len() {
                Syntax::Eof
            } else {
                Syntax::Unexpected {
                    at: i,
                    expected: "a digit",
                }
            }
        };
        let negative = bytes.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let zero = bytes.get(i) == Some(&b'0');
        match bytes.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i = digits(i + 1),
            _ => return Err(fail(i)),
        }
        let mut point = false;
        if bytes.get(i) == Some(&b'.') {
            let after = digits(i + 1);
            if after == i + 1 {
                return Err(fail(after));
            }
            i = after;
            point = true;
        }
        let plain_end = i;
        if let Some(b'e' | b'E') = bytes.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            let after = digits(i);
            if after == i {
                return Err(fail(after));
            }
            i = after;
        }
        self.at = i;
        let digits = plain_end - start - usize::from(negative) - usize::from(point);
        let plain = plain_end == i && !(negative && zero) && digits <= 28;
        Ok((&bytes[start..i], plain))
    }

    /// A string, cursor on its opening quote: its raw bytes, checked (escapes,
    /// surrogate pairs, no control characters, UTF-8).
    pub fn string(&mut self) -> Result<RawStr<'a>, Syntax> {
        self.string_with(true)
    }

    fn string_with(&mut self, pairs: bool) -> Result<RawStr<'a>, Syntax> {
        let bytes = self.bytes;
        let start = self.at + 1;
        let mut i = start;
        let mut escaped = false;
        let mut ascii = true;
        loop {
            // The common case: a run of plain bytes, eight at a time while no byte
            // of the eight needs a look, then one at a time.
            while let Some(chunk) = bytes.get(i..i + 8) {
                let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
                if needs_look(word) {
                    break;
                }
                i += 8;
            }
            while i < bytes.len() && PLAIN[usize::from(bytes[i])] {
                i += 1;
            }
            match bytes.get(i) {
                None => return Err(Syntax::Eof),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    i = escape(bytes, i, pairs)?;
                }
                Some(&b) if b >= 0x80 => {
                    ascii = false;
                    i += 1;
                }
                Some(_) => return Err(Syntax::BadString { at: i }),
            }
        }
        let raw = &bytes[start..i];
        if !ascii && std::str::from_utf8(raw).is_err() {
            return Err(Syntax::BadString { at: start });
        }
        self.at = i + 1;
        Ok(RawStr { raw, escaped })
    }

    /// Skips one value of any shape and returns its bytes, checked as serde_json
    /// checks what it skips: the grammar, escapes and UTF-8, but neither surrogate
    /// pairs nor a nesting limit (an explicit stack, not recursion: no depth can
    /// exhaust it).
    pub fn skip(&mut self) -> Result<&'a [u8], Syntax> {
        self.skip_with(false, 0)
    }

    /// Skips one value, checked as strictly as a value that is read: surrogates
    /// paired, at most [`MAX_DEPTH`] levels counting the `depth` it sits at (what
    /// serde_json checks of a value it parses whole, such as a `Value`).
    pub fn skip_strict(&mut self, depth: usize) -> Result<&'a [u8], Syntax> {
        self.skip_with(true, depth)
    }

    fn skip_with(&mut self, strict: bool, depth: usize) -> Result<&'a [u8], Syntax> {
        let start = match self.peek() {
            Some(_) => self.at,
            None => return Err(Syntax::Eof),
        };
        // An explicit stack of open containers: no recursion on untrusted nesting.
        let mut open: Vec<u8> = Vec::new();
        self.skip_from(&mut open, strict, depth, usize::MAX)?;
        Ok(&self.bytes[start..self.at])
    }

    /// Skips on through a value: from its start (`open` empty), or from where an
    /// earlier call stopped (`open` as it left it: the containers still open). Ends
    /// when the value does (`true`), or at the start of one of its inner values once
    /// the cursor is at `stop` or past it (`false`: call again with the same `open`);
    /// a call takes at least one of the value's tokens.
    pub fn skip_from(
        &mut self,
        open: &mut Vec<u8>,
        strict: bool,
        depth: usize,
        stop: usize,
    ) -> Result<bool, Syntax> {
        loop {
            match self.peek() {
                Some(b'{' | b'[') if strict && depth + open.len() + 1 >= MAX_DEPTH => {
                    return Err(Syntax::TooDeep { at: self.at });
                }
                Some(b'{') => {
                    self.at += 1;
                    if !self.empty(b'}') {
                        open.push(b'}');
                        self.skipped_key(strict)?;
                        continue;
                    }
                }
                Some(b'[') => {
                    self.at += 1;
                    if !self.empty(b']') {
                        open.push(b']');
                        continue;
                    }
                }
                Some(b'"') => {
                    self.string_with(strict)?;
                }
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                _ => return Err(self.unexpected("a JSON value")),
            }
            // A value ended: close what it ends, then go on to the next one.
            loop {
                let Some(&close) = open.last() else {
                    return Ok(true);
                };
                let expected = if close == b'}' {
                    "`,` or `}`"
                } else {
                    "`,` or `]`"
                };
                if self.more(close, expected)? {
                    if close == b'}' {
                        self.skipped_key(strict)?;
                    }
                    if self.at >= stop {
                        return Ok(false);
                    }
                    break;
                }
                open.pop();
            }
        }
    }

    /// Whether the next key is `name` written as it is (no escapes), without taking it.
    #[inline]
    pub fn peeked_key_is(&mut self, name: &str) -> bool {
        if self.peek() != Some(b'"') {
            return false;
        }
        let name = name.as_bytes();
        let start = self.at + 1;
        let end = start + name.len();
        // The first byte and the closing quote settle most mismatches cheaply.
        self.bytes.get(start) == name.first()
            && self.bytes.get(end) == Some(&b'"')
            && self.bytes.get(start..end) == Some(name)
    }

    /// Takes the next key and its colon if it is `name` written as it is; else takes
    /// nothing and answers `false`.
    #[inline]
    pub fn key_is(&mut self, name: &str) -> Result<bool, Syntax> {
        if !self.peeked_key_is(name) {
            return Ok(false);
        }
        self.at += name.len() + 2;
        self.eat(b':', "`:`")?;
        Ok(true)
    }

    /// An object key and its colon.
    pub fn key(&mut self) -> Result<RawStr<'a>, Syntax> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a field name in quotes"));
        }
        let key = self.string()?;
        self.eat(b':', "`:`")?;
        Ok(key)
    }

    /// The key of an object being skipped.
    fn skipped_key(&mut self, strict: bool) -> Result<(), Syntax> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a field name in quotes"));
        }
        self.string_with(strict)?;
        self.eat(b':', "`:`")
    }
}

/// Loose reading, for answers whose shape varies by provider (OAuth errors, error
/// bodies): the raw bytes of field `name` of the JSON object `bytes`, if it is a
/// valid object (checked whole and strictly, as a JSON value parser would) that has
/// it — the last one, if it is given twice, as an object map keeps.
pub fn field<'a>(bytes: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let mut reader = Reader::new(bytes);
    reader.eat(b'{', "").ok()?;
    if reader.empty(b'}') {
        return None;
    }
    let mut found = None;
    loop {
        let key = reader.key().ok()?;
        let value = reader.skip_strict(1).ok()?;
        if key.is(name) {
            found = Some(value);
        }
        if !reader.more(b'}', "").ok()? {
            break;
        }
    }
    reader.end().ok()?;
    found
}

/// The items of the JSON list `bytes`, if it is one.
pub fn items(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let mut reader = Reader::new(bytes);
    reader.eat(b'[', "").ok()?;
    let mut items = Vec::new();
    if !reader.empty(b']') {
        loop {
            items.push(reader.skip_strict(1).ok()?);
            if !reader.more(b']', "").ok()? {
                break;
            }
        }
    }
    reader.end().ok()?;
    Some(items)
}

/// The value of the JSON string `bytes`, if it is one.
pub fn string(bytes: &[u8]) -> Option<String> {
    let mut reader = Reader::new(bytes);
    if reader.peek()? != b'"' {
        return None;
    }
    let text = reader.string().ok()?.text().into_owned();
    reader.end().ok()?;
    Some(text)
}

/// The text of the JSON string or number `bytes` (`"2010"` and `2010` alike).
pub fn string_or_number(bytes: &[u8]) -> Option<String> {
    let mut reader = Reader::new(bytes);
    match reader.peek()? {
        b'-' | b'0'..=b'9' => {
            let text = ascii(reader.number().ok()?).to_owned();
            reader.end().ok()?;
            Some(text)
        }
        _ => string(bytes),
    }
}

/// ASCII bytes (a number's text) as a `str`.
pub fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// Checks the escape at `bytes[i] == '\\'`; returns the index after it.
fn escape(bytes: &[u8], i: usize, pairs: bool) -> Result<usize, Syntax> {
    match bytes.get(i + 1) {
        None => Err(Syntax::Eof),
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(i + 2),
        Some(b'u') if !pairs => hex4(bytes, i + 2).map(|_| i + 6),
        Some(b'u') => {
            let unit = hex4(bytes, i + 2)?;
            match unit {
                0xD800..=0xDBFF => {
                    // A high surrogate: a low one must follow.
                    if bytes.get(i + 6) == Some(&b'\\') && bytes.get(i + 7) == Some(&b'u') {
                        match hex4(bytes, i + 8)? {
                            0xDC00..=0xDFFF => Ok(i + 12),
                            _ => Err(Syntax::BadString { at: i + 6 }),
                        }
                    } else if i + 6 >= bytes.len() {
                        Err(Syntax::Eof)
                    } else {
                        Err(Syntax::BadString { at: i })
                    }
                }
                0xDC00..=0xDFFF => Err(Syntax::BadString { at: i }),
                _ => Ok(i + 6),
            }
        }
        Some(_) => Err(Syntax::BadString { at: i }),
    }
}

fn hex4(bytes: &[u8], at: usize) -> Result<u32, Syntax> {
    let Some(digits) = bytes.get(at..at + 4) else {
        return if bytes[at.min(bytes.len())..]
            .iter()
            .all(u8::is_ascii_hexdigit)
        {
            Err(Syntax::Eof)
        } else {
            Err(Syntax::BadString { at })
        };
    };
    digits.iter().try_fold(0u32, |acc, &b| {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => return Err(Syntax::BadString { at }),
        };
        Ok(acc * 16 + u32::from(digit))
    })
}

/// The value of checked string bytes (see [`Reader::string`]).
fn unescape(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let simple = match raw.get(i + 1) {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            _ => {
                let unit = hex4(raw, i + 2).unwrap_or(0xFFFD);
                let (code, used) = if (0xD800..0xDC00).contains(&unit) {
                    let low = hex4(raw, i + 8).unwrap_or(0xDC00);
                    (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), 12)
                } else {
                    (unit, 6)
                };
                let c = char::from_u32(code).unwrap_or('\u{FFFD}');
                let mut buffer = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
                i += used;
                continue;
            }
        };
        out.push(simple);
        i += 2;
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Appends `text` as a JSON string, quotes included.
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut plain = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[plain..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.extend_from_slice(escape);
        }
        plain = i + 1;
    }
    out.extend_from_slice(&bytes[plain..]);
    out.push(b'"');
}

/// Appends an integer in decimal, without the formatting machinery.
pub fn write_int(out: &mut Vec<u8>, value: i64) {
    if value < 0 {
        out.push(b'-');
    }
    write_uint(out, value.unsigned_abs());
}

/// Appends an unsigned integer in decimal.
pub fn write_uint(out: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut n = digits.len();
    loop {
        n -= 1;
        digits[n] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[n..]);
}

/// An integer's decimal text.
pub fn int_text(value: i64) -> String {
    let mut out = Vec::with_capacity(20);
    write_int(&mut out, value);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(text: &str) -> Result<&[u8], Syntax> {
        let mut reader = Reader::new(text.as_bytes());
        let value = reader.skip()?;
        reader.end()?;
        Ok(value)
    }

    #[test]
    fn numbers_follow_the_grammar() {
        for good in ["0", "-0", "1", "-12.50", "1e5", "1E+5", "2.5e-7", "0.0"] {
            assert_eq!(
                Reader::new(good.as_bytes()).number(),
                Ok(good.as_bytes()),
                "{good}"
            );
        }
        for (bad, eof) in [
            ("-", true),
            ("1.", true),
            ("1e", true),
            ("1e+", true),
            (".5", false),
            ("-a", false),
            ("1.e5", false),
        ] {
            let result = Reader::new(bad.as_bytes()).number();
            assert_eq!(result == Err(Syntax::Eof), eof, "{bad}: {result:?}");
            assert!(result.is_err(), "{bad}");
        }
        // Plain decimals are told apart during the scan.
        for (text, plain) in [
            ("680.0", true),
            ("-5.5", true),
            ("0", true),
            ("-0", false),
            ("-0.5", false),
            ("1e5", false),
            ("1234567890123456789012345678", true),
            ("12345678901234567890123456789", false),
            ("1.234567890123456789012345678", true),
            ("1.2345678901234567890123456789", false),
        ] {
            assert_eq!(
                Reader::new(text.as_bytes()).number_and_plain(),
                Ok((text.as_bytes(), plain)),
                "{text}"
            );
        }
        // A leading zero ends the number; what follows is left for the caller.
        let mut reader = Reader::new(b"01");
        assert_eq!(reader.number(), Ok(&b"0"[..]));
        assert!(reader.end().is_err());
    }

    #[test]
    fn strings_are_checked_and_unescaped() {
        let read = |text: &str| {
            Reader::new(text.as_bytes())
                .string()
                .map(|s| s.text().into_owned())
        };
        assert_eq!(read(r#""plain""#).as_deref(), Ok("plain"));
        assert_eq!(read(r#""a\"b\\c\/d\n""#).as_deref(), Ok("a\"b\\c/d\n"));
        assert_eq!(read(r#""\u00e9\ud83d\ude00""#).as_deref(), Ok("é😀"));
        assert_eq!(read("\"é\"").as_deref(), Ok("é"));
        for bad in [
            r#""\x""#,
            r#""\ud800""#,
            r#""\udc00""#,
            r#""\ud800\u0041""#,
            "\"a\u{1}b\"",
            r#""\u12g4""#,
        ] {
            assert!(
                matches!(read(bad), Err(Syntax::BadString { .. })),
                "{bad}: {:?}",
                read(bad)
            );
        }
        for truncated in [r#""abc"#, r#""\"#, r#""\u12"#, r#""\ud800"#] {
            assert_eq!(read(truncated), Err(Syntax::Eof), "{truncated}");
        }
        assert!(matches!(
            Reader::new(b"\"\xff\"").string(),
            Err(Syntax::BadString { .. })
        ));
    }

    #[test]
    fn any_value_is_skipped_whole() {
        let text = r#" {"a": [1, {"b": null}, "x", true, false, -2.5e3], "c": {}} "#;
        assert_eq!(skip(text), Ok(text.trim().as_bytes()));
        assert_eq!(skip("[]"), Ok(&b"[]"[..]));
        for bad in [
            "[1,]",
            "{\"a\" 1}",
            "{,}",
            "[1 2]",
            "{\"a\":1,}",
            "tru",
            "nul",
            "{1:2}",
        ] {
            assert!(skip(bad).is_err(), "{bad}");
        }
        assert_eq!(skip("[1, [2"), Err(Syntax::Eof));
        // Skipped values, as serde_json skips them: no nesting limit, surrogates unpaired.
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(skip(&deep).is_ok());
        assert!(skip(r#"{"\ud800": "\udc00x"}"#).is_ok());
        assert!(skip(r#"["\x"]"#).is_err());
        assert!(skip("[\"\u{1}\"]").is_err());
    }

    #[test]
    fn loose_reading_finds_fields_items_and_texts() {
        let body = br#"{"error": {"code": 2010, "message": "expired"}, "errors": ["a", 1]}"#;
        let error = field(body, "error").unwrap();
        assert_eq!(
            field(error, "code").and_then(string_or_number).as_deref(),
            Some("2010")
        );
        assert_eq!(
            field(error, "message").and_then(string).as_deref(),
            Some("expired")
        );
        let errors = items(field(body, "errors").unwrap()).unwrap();
        assert_eq!(errors.len(), 2);
        assert_eq!(string(errors[0]).as_deref(), Some("a"));
        assert_eq!(string(errors[1]), None);
        assert_eq!(field(b"[1]", "error"), None);
        assert_eq!(field(br#"{"error": 1"#, "error"), None);
        assert_eq!(items(b"{}"), None);
    }

    #[test]
    fn eight_bytes_at_a_time_never_pass_a_byte_that_needs_a_look() {
        let word = |b: &[u8; 8]| u64::from_le_bytes(*b);
        assert!(!needs_look(word(b"abcdefgh")));
        assert!(!needs_look(word(b" ~!#$%&'")));
        for special in [b'"', b'\\', 0x00, 0x1f, 0x7f + 1, 0xff] {
            for at in 0..8 {
                let mut bytes = *b"abcdefgh";
                bytes[at] = special;
                assert!(needs_look(word(&bytes)), "{special:#x} at {at}");
            }
        }
        // Every byte value alone in a plain word: a look exactly for those that need one.
        for b in 0..=255u8 {
            let mut bytes = *b"zzzzzzzz";
            bytes[3] = b;
            assert_eq!(needs_look(word(&bytes)), !PLAIN[usize::from(b)], "{b:#x}");
        }
    }

    #[test]
    fn writing_escapes_what_json_needs() {
        let mut out = Vec::new();
        write_str(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(String::from_utf8(out).unwrap(), r#""a\"b\\c\nd\u0001é""#);
        for value in [0, 7, -7, i64::MAX, i64::MIN] {
            assert_eq!(int_text(value), value.to_string());
        }
    }
}
