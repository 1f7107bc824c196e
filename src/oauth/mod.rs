//! OAuth2 for browser apps, without a client secret: the implicit flow (token in the
//! URL fragment), the code flow with PKCE, sessions and their refresh, for
//! Bitcoin-Central, Coins.ph, f1cx and Bitport.
//!
//! - [`provider`]: each provider's dialect, in one table.
//! - [`options`]: `new OAuth({...})` checked into an [`OAuthConfig`] (a client secret
//!   is refused).
//! - [`callback`]: the callback URL parsed and verified (pure; `parseCallback`).
//! - [`token`]: token endpoint answers and provider errors, in each provider's shape.
//! - [`flow`]: the login and session life, over a [`Platform`] and [`Store`]s the
//!   browser edge provides (`web::oauth`).

pub mod callback;
pub mod flow;
pub mod options;
pub mod pkce;
pub mod provider;
pub mod session;
pub mod token;

pub use callback::{Callback, clean_url, has_response, parse_callback};
pub use flow::{Authenticator, Authorized, MemoryStore, OAuth, Platform, Store};
pub use options::{OAuthConfig, OAuthOptions, StorageKind};
pub use provider::{PROVIDERS, Quirks, ResponseType};
pub use session::{Session, SessionView};
