//! Engine.IO v3 frames and the socket.io packets inside them, as the exchange's stream
//! speaks them (`../shared/spec/bitcoin-central-stream.md`): read with [`parse`], the
//! client's own written with [`connect`], [`event`] and [`PING`].
//!
//! An Engine.IO text frame is one digit of type and its data: `0` open (a JSON
//! handshake), `1` close, `2` ping, `3` pong, `4` message, `5` upgrade, `6` noop. A
//! message holds a socket.io packet: a digit of type (`0` connect, `1` disconnect, `2`
//! event, `3` ack, `4` error; `5` and `6`, binary, are not used by this stream), the
//! namespace (`/public,`; none for `/`), an optional ack id, then JSON data.

use crate::json;
use crate::schema::{self, Kind, Node};

/// The largest frame a stream reads (the exchange's are a few kilobytes); larger ones
/// are refused before they are parsed.
pub const MAX_FRAME_BYTES: usize = 1 << 20;

/// The client's ping (Engine.IO v3: the client pings, the server answers `3`).
pub const PING: &str = "2";

/// What the server's open packet says about pings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handshake {
    /// How often the client pings, in milliseconds.
    pub ping_interval_ms: u32,
    /// How long the client waits for a pong, in milliseconds.
    pub ping_timeout_ms: u32,
}

/// One Engine.IO frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame<'a> {
    /// `0`: the server's handshake.
    Open(Handshake),
    /// `1`: the server closes the connection.
    Close,
    /// `2`: a ping, with its payload.
    Ping(&'a str),
    /// `3`: a pong, with the ping's payload.
    Pong(&'a str),
    /// `4`: a socket.io packet.
    Message(Packet<'a>),
    /// `5`: a transport upgrade (none over a WebSocket).
    Upgrade,
    /// `6`: nothing.
    Noop,
}

/// One socket.io packet, of a namespace (`/` for the default one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Packet<'a> {
    /// `0`: the namespace is joined.
    Connect {
        /// `/public`, `/user` or `/`.
        namespace: &'a str,
    },
    /// `1`: the namespace is left.
    Disconnect {
        /// The namespace left.
        namespace: &'a str,
    },
    /// `2`: an event: its name and the JSON text of each argument.
    Event {
        /// The event's namespace.
        namespace: &'a str,
        /// `stream`, `prices`, ...
        name: String,
        /// Each argument's JSON text.
        args: Vec<String>,
    },
    /// `3`: the answer to an event of the client's.
    Ack {
        /// The namespace of the event answered.
        namespace: &'a str,
    },
    /// `4`: the server refused something of the namespace, in its words.
    Error {
        /// The namespace concerned.
        namespace: &'a str,
        /// The server's words.
        said: String,
    },
}

/// Why a frame is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// Larger than [`MAX_FRAME_BYTES`]: its size.
    TooLarge(usize),
    /// Not a packet: the words of [`crate::Text::MalformedFrame`].
    Why(&'static str),
}

/// Reads one text frame.
pub fn parse(frame: &str) -> Result<Frame<'_>, Malformed> {
    if frame.len() > MAX_FRAME_BYTES {
        return Err(Malformed::TooLarge(frame.len()));
    }
    let mut chars = frame.chars();
    let kind = chars.next().ok_or(Malformed::Why("an empty frame"))?;
    let data = chars.as_str();
    match kind {
        '0' => handshake(data).map(Frame::Open),
        '1' => Ok(Frame::Close),
        '2' => Ok(Frame::Ping(data)),
        '3' => Ok(Frame::Pong(data)),
        '4' => packet(data).map(Frame::Message),
        '5' => Ok(Frame::Upgrade),
        '6' => Ok(Frame::Noop),
        _ => Err(Malformed::Why("not an Engine.IO packet type")),
    }
}

fn handshake(data: &str) -> Result<Handshake, Malformed> {
    const BAD: Malformed = Malformed::Why("an open packet without pingInterval and pingTimeout");
    let Ok(Node::Object(fields)) = schema::read_node(data.as_bytes(), &HANDSHAKE) else {
        return Err(BAD);
    };
    let ms = |field: Option<&Option<Node>>| match field {
        Some(Some(Node::Int(ms))) => u32::try_from(*ms).ok().filter(|ms| *ms > 0),
        _ => None,
    };
    Ok(Handshake {
        ping_interval_ms: ms(fields.first()).ok_or(BAD)?,
        ping_timeout_ms: ms(fields.get(1)).ok_or(BAD)?,
    })
}

/// The open packet's fields the client reads (the others, `sid` and `upgrades`, are
/// left unread).
const HANDSHAKE: Kind = Kind::Object(&schema::Schema {
    name: "Handshake",
    doc: "",
    fields: &[
        schema::Field {
            wire: "pingInterval",
            js: "pingInterval",
            kind: Kind::Int,
            doc: "",
        },
        schema::Field {
            wire: "pingTimeout",
            js: "pingTimeout",
            kind: Kind::Int,
            doc: "",
        },
    ],
    closed: false,
});

fn packet(data: &str) -> Result<Packet<'_>, Malformed> {
    let mut chars = data.chars();
    let kind = chars
        .next()
        .ok_or(Malformed::Why("a message without a packet"))?;
    let rest = chars.as_str();
    // The namespace: from a leading `/` to the first comma; `/` when there is none.
    let (namespace, rest) = match rest.strip_prefix('/') {
        Some(_) => match rest.find(',') {
            Some(comma) => (&rest[..comma], &rest[comma + 1..]),
            None => (rest, ""),
        },
        None => ("/", rest),
    };
    // An ack id: the digits before the data.
    let data = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    match kind {
        '0' => Ok(Packet::Connect { namespace }),
        '1' => Ok(Packet::Disconnect { namespace }),
        '2' => event(namespace, data),
        '3' => Ok(Packet::Ack { namespace }),
        '4' => Ok(Packet::Error {
            namespace,
            said: error_words(data),
        }),
        '5' | '6' => Err(Malformed::Why(
            "a binary packet, which this stream does not use",
        )),
        _ => Err(Malformed::Why("not a socket.io packet type")),
    }
}

fn event<'a>(namespace: &'a str, data: &str) -> Result<Packet<'a>, Malformed> {
    const ANY: Kind = Kind::List(&Kind::Any);
    let Ok(Node::List(items)) = schema::read_node(data.as_bytes(), &ANY) else {
        return Err(Malformed::Why("an event whose data is not a JSON list"));
    };
    let mut items = items.into_iter().map(|item| match item {
        Node::Raw(text) => text,
        _ => String::new(),
    });
    let name = items
        .next()
        .and_then(
            |first| match schema::read_node(first.as_bytes(), &Kind::Text) {
                Ok(Node::Text(name)) => Some(name),
                _ => None,
            },
        )
        .ok_or(Malformed::Why("an event without a name"))?;
    Ok(Packet::Event {
        namespace,
        name,
        args: items.collect(),
    })
}

/// An error packet's data: a JSON string, or an object with a `message` (socket.io
/// 2.x sends either), or the text as it came.
fn error_words(data: &str) -> String {
    const MESSAGE: Kind = Kind::Object(&schema::Schema {
        name: "SocketError",
        doc: "",
        fields: &[schema::Field {
            wire: "message",
            js: "message",
            kind: Kind::Optional(&Kind::Text),
            doc: "",
        }],
        closed: false,
    });
    if let Ok(Node::Text(words)) = schema::read_node(data.as_bytes(), &Kind::Text) {
        return words;
    }
    if let Ok(Node::Object(fields)) = schema::read_node(data.as_bytes(), &MESSAGE) {
        if let Some(Some(Node::Text(words))) = fields.into_iter().next() {
            return words;
        }
    }
    data.chars().take(200).collect()
}

/// The client's request to join a namespace (`40/public,`).
pub fn connect(namespace: &str) -> String {
    if namespace == "/" {
        "40".to_owned()
    } else {
        format!("40{namespace},")
    }
}

/// An event of the client: `42/user,["channel","…"]`, its arguments as JSON strings.
pub fn event_frame(namespace: &str, name: &str, text_args: &[&str]) -> String {
    let mut out = Vec::with_capacity(32 + text_args.iter().map(|a| a.len() + 3).sum::<usize>());
    out.extend_from_slice(b"42");
    if namespace != "/" {
        out.extend_from_slice(namespace.as_bytes());
        out.push(b',');
    }
    out.push(b'[');
    json::write_str(&mut out, name);
    for arg in text_args {
        out.push(b',');
        json::write_str(&mut out, arg);
    }
    out.push(b']');
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_frames_read_as_they_should() {
        assert_eq!(
            parse(r#"0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":60000}"#),
            Ok(Frame::Open(Handshake {
                ping_interval_ms: 25000,
                ping_timeout_ms: 60000
            }))
        );
        assert_eq!(parse("3"), Ok(Frame::Pong("")));
        assert_eq!(parse("3probe"), Ok(Frame::Pong("probe")));
        assert_eq!(parse("1"), Ok(Frame::Close));
        assert_eq!(
            parse("40"),
            Ok(Frame::Message(Packet::Connect { namespace: "/" }))
        );
        assert_eq!(
            parse("40/public,"),
            Ok(Frame::Message(Packet::Connect {
                namespace: "/public"
            }))
        );
        assert_eq!(
            parse(r#"42/public,["stream",{"bids":[]}]"#),
            Ok(Frame::Message(Packet::Event {
                namespace: "/public",
                name: "stream".into(),
                args: vec![r#"{"bids":[]}"#.into()],
            }))
        );
        assert_eq!(
            parse(r#"42/user,7["stream",{}]"#),
            Ok(Frame::Message(Packet::Event {
                namespace: "/user",
                name: "stream".into(),
                args: vec!["{}".into()],
            })),
            "an ack id is skipped"
        );
        assert_eq!(
            parse(r#"44/public,"Invalid namespace""#),
            Ok(Frame::Message(Packet::Error {
                namespace: "/public",
                said: "Invalid namespace".into()
            }))
        );
        assert_eq!(
            parse(r#"44/user,{"message":"unknown channel"}"#),
            Ok(Frame::Message(Packet::Error {
                namespace: "/user",
                said: "unknown channel".into()
            }))
        );
    }

    #[test]
    fn broken_frames_are_refused_with_a_reason() {
        for frame in [
            "",
            "9",
            "0{}",
            r#"0{"pingInterval":"x","pingTimeout":1}"#,
            r#"0{"pingInterval":0,"pingTimeout":1}"#,
            "4",
            "49",
            r#"42/public,["stream",{"bids":["#,
            r#"42/public,{"stream":1}"#,
            "42/public,[1,2]",
            "42/public,[]",
            "45/public,",
        ] {
            assert!(matches!(parse(frame), Err(Malformed::Why(_))), "{frame:?}");
        }
        let huge = format!("42/public,[\"stream\",\"{}\"]", "x".repeat(MAX_FRAME_BYTES));
        assert_eq!(parse(&huge), Err(Malformed::TooLarge(huge.len())));
    }

    #[test]
    fn the_client_writes_its_packets() {
        assert_eq!(connect("/public"), "40/public,");
        assert_eq!(connect("/"), "40");
        assert_eq!(
            event_frame("/user", "channel", &["a\"b"]),
            r#"42/user,["channel","a\"b"]"#
        );
    }
}
