//! The account's feed (namespace `/user`): one user's balances and the orders that
//! change, kept in step by [`AccountStream`].
//!
//! The namespace's only credential is the user's `channel_id` (from `GET
//! /api/v1/user`), sent as `42/user,["channel","…"]` once joined. It is held as a
//! [`Channel`], whose `Debug` shows nothing of it, and never put in an error.

use std::collections::VecDeque;

use super::connection::{Effect, Feed, Stream, undecodable};
use super::packet;
use crate::error::{Error, Text};
use crate::model::{AccountUpdate, Order, User};
use crate::schema::{self, Field, Kind, Node, Schema};

/// The latest changed orders a stream keeps.
pub const ORDERS_KEPT: usize = 50;

/// A user's stream channel id: a credential, shown to no one.
#[derive(Clone, PartialEq, Eq)]
pub struct Channel(String);

impl std::fmt::Debug for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Channel(<redacted>)")
    }
}

impl Channel {
    /// The `channel_id` of a `GET /api/v1/user` answer's body; `None` when it has none.
    pub fn of_user(body: &[u8]) -> Option<Channel> {
        const CHANNEL: Kind = Kind::Object(&Schema {
            name: "UserChannel",
            doc: "",
            fields: &[Field {
                wire: "channel_id",
                js: "channelId",
                kind: Kind::Optional(&Kind::Nullable(&Kind::Text)),
                doc: "",
            }],
            closed: false,
        });
        match schema::read_node(body, &CHANNEL) {
            Ok(Node::Object(fields)) => match fields.into_iter().next() {
                Some(Some(Node::Text(id))) if !id.is_empty() => Some(Channel(id)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The id, for the frame that joins the channel.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// What `GET /api/v1/user` gave as an account stream's start.
#[derive(Debug, Clone)]
pub struct AccountSnapshot {
    /// The user and their balances.
    pub user: User,
    /// Their stream channel.
    pub channel: Channel,
}

/// What an account stream tells its listeners.
#[derive(Debug)]
pub enum AccountNotice {
    /// The balances changed: by this update, or (`None`) read whole.
    Update(Option<AccountUpdate>),
    /// An order changed (placed, filled, canceled...).
    Order(Order),
}

/// A user's account kept up to date from the exchange's `/user` namespace.
pub type AccountStream = Stream<Account>;

/// The account an [`AccountStream`] keeps.
#[derive(Debug, Default)]
pub struct Account {
    user: Option<User>,
    channel: Option<Channel>,
    /// The latest changed orders, newest change first, one per order.
    orders: VecDeque<Order>,
}

impl AccountStream {
    /// An account stream; `seed` feeds the jitter of its reconnections.
    pub fn new(seed: u64) -> AccountStream {
        Stream::over(Account::default(), seed)
    }

    /// The user and their latest balances; `None` before the first snapshot.
    pub fn user(&self) -> Option<&User> {
        self.feed().user.as_ref()
    }

    /// The orders that changed since the stream started, newest change first.
    pub fn orders(&self) -> impl Iterator<Item = &Order> {
        self.feed().orders.iter()
    }
}

impl Feed for Account {
    type Snapshot = Box<AccountSnapshot>;
    type Notice = AccountNotice;
    const NAMESPACE: &'static str = "/user";
    const QUIET: &'static [&'static str] = &["announcement"];

    fn install(&mut self, snapshot: Box<AccountSnapshot>) {
        let AccountSnapshot { user, channel } = *snapshot;
        self.user = Some(user);
        self.channel = Some(channel);
    }

    fn apply(
        &mut self,
        object: &str,
        _live: bool,
        out: &mut Vec<Effect<AccountNotice>>,
    ) -> Result<(), Error> {
        let update = schema::decode::<AccountUpdate>(object.as_bytes())
            .map_err(|failure| undecodable(&failure, object.len()))?;
        if let Some(user) = &mut self.user {
            let fields = [
                (&mut user.balance_btc, update.balance_btc),
                (&mut user.locked_btc, update.locked_btc),
                (&mut user.balance_eur, update.balance_eur),
                (&mut user.locked_eur, update.locked_eur),
            ];
            for (kept, new) in fields {
                if let Some(new) = new {
                    *kept = new;
                }
            }
        }
        for order in &update.orders {
            self.orders.retain(|kept| kept.uuid != order.uuid);
            self.orders.push_front(order.clone());
            self.orders.truncate(ORDERS_KEPT);
            out.push(Effect::Notice(AccountNotice::Order(order.clone())));
        }
        out.push(Effect::Notice(AccountNotice::Update(Some(update))));
        Ok(())
    }

    fn live(&mut self, out: &mut Vec<Effect<AccountNotice>>) {
        if let Some(channel) = &self.channel {
            out.push(Effect::Send(packet::event_frame(
                Self::NAMESPACE,
                "channel",
                &[channel.expose()],
            )));
        }
        out.push(Effect::Notice(AccountNotice::Update(None)));
    }

    fn polled(&mut self, out: &mut Vec<Effect<AccountNotice>>) {
        out.push(Effect::Notice(AccountNotice::Update(None)));
    }
}

/// The error of a user answer without a `channel_id`: this exchange has no account
/// stream for it.
pub fn no_channel() -> Error {
    Error::Stream {
        code: "no-channel",
        reason: Text::NoChannel,
    }
}
