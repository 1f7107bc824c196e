//! The stream's wire: Engine.IO v3 packets (text frames) and the socket.io 2.x packets
//! inside their messages, read and written as the spec's stream page and socket.io
//! 2.x write them (the spec's stream page, `bitcoin-central-stream.md`).
//!
//! Engine.IO: `0` open, `1` close, `2` ping, `3` pong (each with an optional payload,
//! `2probe` → `3probe`), `4` message, `5` upgrade, `6` noop. Socket.io, inside a `4`:
//! a type digit (`0` connect, `1` disconnect, `2` event, `3` ack, `4` error), then
//! the namespace and a comma unless it is `/` (`/public,`; a query after `?` is
//! dropped), then an optional ack id in digits, then the JSON data.

/// An Engine.IO packet from a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnginePacket<'a> {
    /// `1`: the client closes.
    Close,
    /// `2` and its payload (answered `3` and the same payload).
    Ping(&'a str),
    /// `4` and the socket.io packet it carries.
    Message(&'a str),
    /// A packet a server does nothing with (`0`, `3`, `5`, `6`).
    Ignored,
}

/// Reads an Engine.IO text packet; `None` if it is none.
pub fn engine(text: &str) -> Option<EnginePacket<'_>> {
    let mut chars = text.chars();
    let kind = chars.next()?;
    let rest = chars.as_str();
    Some(match kind {
        '1' => EnginePacket::Close,
        '2' => EnginePacket::Ping(rest),
        '4' => EnginePacket::Message(rest),
        '0' | '3' | '5' | '6' => EnginePacket::Ignored,
        _ => return None,
    })
}

/// A socket.io packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<'a> {
    /// `0` connect … `4` error (binary packets, `5` and `6`, are not read).
    pub kind: u8,
    /// `/` when the packet names none.
    pub namespace: &'a str,
    pub ack: Option<u64>,
    /// The JSON data, as it came (may be empty).
    pub data: &'a str,
}

/// Ack ids longer than this are refused (socket.io's are counters).
const MAX_ACK_DIGITS: usize = 15;

/// Reads a socket.io packet (what follows an Engine.IO `4`); `None` if it is none.
pub fn packet(text: &str) -> Option<Packet<'_>> {
    let kind = text.bytes().next().filter(|b| (b'0'..=b'4').contains(b))? - b'0';
    let mut rest = &text[1..];
    let mut namespace = "/";
    if rest.starts_with('/') {
        let (named, after) = rest.split_once(',').unwrap_or((rest, ""));
        namespace = named.split_once('?').map_or(named, |(path, _)| path);
        rest = after;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let ack = match digits {
        0 => None,
        n if n <= MAX_ACK_DIGITS => rest[..n].parse().ok(),
        _ => return None,
    };
    Some(Packet {
        kind,
        namespace,
        ack,
        data: &rest[digits..],
    })
}

/// The prefix of a socket.io packet of `namespace` after its type: `/public,`, or
/// nothing for `/`.
pub fn namespace_prefix(namespace: &str) -> String {
    if namespace == "/" {
        String::new()
    } else {
        format!("{namespace},")
    }
}

/// An Engine.IO message carrying a socket.io packet: `4`, the type, the namespace,
/// the ack id, the data.
pub fn message(kind: u8, namespace: &str, ack: Option<u64>, data: &str) -> String {
    let ack = ack.map(|a| a.to_string()).unwrap_or_default();
    format!("4{kind}{}{ack}{data}", namespace_prefix(namespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_engine_packets() {
        assert_eq!(engine("2"), Some(EnginePacket::Ping("")));
        assert_eq!(engine("2probe"), Some(EnginePacket::Ping("probe")));
        assert_eq!(engine("1"), Some(EnginePacket::Close));
        assert_eq!(
            engine("40/public,"),
            Some(EnginePacket::Message("0/public,"))
        );
        assert_eq!(engine("6"), Some(EnginePacket::Ignored));
        assert_eq!(engine(""), None);
        assert_eq!(engine("x"), None);
        assert_eq!(engine("9"), None);
    }

    #[test]
    fn reads_socketio_packets() {
        let p = packet("2/user,1[\"channel\",\"ab\"]").unwrap();
        assert_eq!(
            (p.kind, p.namespace, p.ack, p.data),
            (2, "/user", Some(1), "[\"channel\",\"ab\"]")
        );
        let p = packet("0/public?x=1,").unwrap();
        assert_eq!(
            (p.kind, p.namespace, p.ack, p.data),
            (0, "/public", None, "")
        );
        let p = packet("0/public").unwrap();
        assert_eq!((p.kind, p.namespace), (0, "/public"));
        let p = packet("2[\"x\"]").unwrap();
        assert_eq!((p.kind, p.namespace, p.data), (2, "/", "[\"x\"]"));
        assert_eq!(packet(""), None);
        assert_eq!(packet("5/x,"), None);
        assert_eq!(packet("2/x,1234567890123456[]"), None);
        assert_eq!(packet("é"), None);
    }

    #[test]
    fn writes_packets() {
        assert_eq!(message(0, "/public", None, ""), "40/public,");
        assert_eq!(message(0, "/", None, ""), "40");
        assert_eq!(message(3, "/user", Some(7), "[]"), "43/user,7[]");
        assert_eq!(
            message(4, "/nope", None, "\"Invalid namespace\""),
            "44/nope,\"Invalid namespace\""
        );
    }
}
