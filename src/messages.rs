//! Every sentence the library says, in English and French: one place per message.
//!
//! An [`crate::Error`] carries a [`Text`] — what to say and its data — not words: the
//! words are chosen when the error is shown, in the caller's language
//! ([`crate::Error::message`]; `Display` is English). Texts that are not the library's
//! own (a server's message, a browser's network error, a provider's description) are
//! carried as they came ([`Text::Given`]). A test holds the catalogue complete: every
//! text has its French, different from its English.

use crate::config::Locale;

/// What the library says about a failure, with the facts it needs.
///
/// A variant's meaning is its sentence, written once in [`Text::text`]'s English and
/// French just below; a doc comment per variant would repeat the catalogue.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// Words already in the caller's language (the order checks, the argument checks)
    /// or not the library's own (a browser's network error).
    Given(String),

    // Options of `new Client({...})` and the other options bags.
    /// A key the bag does not have, and the closest one it has, if any is close.
    UnknownOption {
        key: String,
        known: Vec<&'static str>,
    },
    /// A required member is missing.
    MissingMember,
    /// What is wrong with a value inside a member (`types[1]`).
    Within {
        path: String,
        inner: Box<Text>,
    },
    /// The client's `baseUrl`, and what is wrong with it.
    BadBaseUrl {
        url: String,
        why: UrlProblem,
    },
    /// A member of the wrong JSON type (Rust's `from_json` path).
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    /// The bag is not valid JSON (Rust's `from_json` path).
    NotJson,
    /// A number outside a range of whole numbers.
    NotWhole {
        value: String,
        unit: Unit,
        min: u64,
        max: u64,
    },
    /// A decimal that does not fit 28 significant digits, or is not one.
    NotANumber(String),
    UnsupportedLocale(String),
    NotHttpUrl(String),
    NoHost(String),
    NotACurrency(String),
    PerSecondRange(String),
    /// `rateLimiter` of the wrong shape.
    RateLimiterShape(Box<Text>),

    // `new OAuth({...})`.
    ClientSecret,
    NotAPreset {
        id: String,
        presets: String,
    },
    ProviderOrEndpoints {
        presets: String,
    },
    /// `parseCallback()`'s `provider`: not a preset nor `"custom"`.
    NotAProvider {
        id: String,
        presets: String,
    },
    ClientIdRequired,
    RedirectUriRequired,
    NotAFlow(String),
    NoImplicitFlow {
        provider: &'static str,
    },
    NoSuchScope {
        provider: &'static str,
        scope: String,
        known: String,
    },
    NotAStorage(String),
    NoTokenEndpoint,

    // Logins and sessions.
    NotLoggedIn,
    /// A call that needs a session, on a client without one (`setAuth`).
    NeedsLogin,
    SessionExpired,
    NoRefreshToken,
    RefreshAbandoned,
    RefreshRefused {
        description: Option<String>,
    },
    SessionRejected,
    AccessKeyExpired,
    NoUserCodeGrant {
        provider: &'static str,
    },
    BadUserCode,
    NoLoginInProgress,
    LoginTooOld,
    /// The session is for another origin than the client's.
    WrongOrigin {
        session: String,
        client: String,
    },
    /// The session lacks a scope this call needs; `said` is the server's own words.
    MissingScope {
        scope: &'static str,
        said: Vec<String>,
    },

    // Login callbacks.
    StateMismatch,
    StateMissing {
        error: Option<String>,
    },
    UnexpectedToken,
    MissingCode,
    NoAccessToken,
    NotBearer(Option<String>),
    InvalidExpiresIn(String),
    AmbiguousCallback,
    NoAnswerInUrl,
    DuplicateParameter(String),
    ParameterTooLarge {
        key: String,
        len: usize,
        max: usize,
    },
    /// The scheme, when it is a plausible one (the rest is never shown).
    CallbackNotHttp(Option<String>),
    MalformedEscape {
        in_fragment: bool,
    },

    // Answers.
    /// A body labelled with another content type.
    NotJsonContent(String),
    TokenAnswerNotJson,
    TokenAnswerWrongType,
    /// f1cx's token is `access_key:secret_key`.
    NotAccessSecretPair,
    /// The JSON ends too early.
    Truncated {
        len: usize,
    },
    BadJson {
        at: usize,
        expected: &'static str,
    },
    BadString {
        at: usize,
    },
    TooDeep {
        at: usize,
        max: usize,
    },
    Missing,
    GivenTwice,
    UnknownField {
        known: String,
    },
    NotOneOf {
        found: String,
        names: String,
    },
    WrongLength {
        expected: usize,
    },
    /// A sum of the book that needs more than 28 digits.
    SumTooLarge,
    /// A string longer than its field can be (a currency code, a UUID, a state).
    TextTooLong {
        max: usize,
    },
    /// A body longer than the client's `maxResponseBytes`.
    AnswerTooLarge {
        max: u32,
    },
    /// The library could not make JS values of an answer it read (a bug).
    LibraryBug,

    // Transport and the book.
    NoAnswerWithin {
        ms: u32,
    },
    PastLastLevel {
        index: u32,
        count: usize,
    },
    /// What the page lacks (no `window`, no Web Crypto, no storage...).
    Unavailable(Lack),

    // The stream.
    /// A frame that is not an Engine.IO/socket.io packet, and why.
    MalformedFrame(&'static str),
    /// A frame larger than the stream accepts.
    FrameTooLarge {
        bytes: usize,
        max: usize,
    },
    /// An event the library does not know, by its name.
    UnknownEvent(String),
    /// A removal of a price the book does not hold (the level is absent either way).
    UnknownLevel,
    /// No pong within the server's ping timeout.
    NoPong {
        ms: u32,
    },
    /// The server refused to join a namespace, in its words.
    NamespaceRefused {
        namespace: &'static str,
        said: String,
    },
    /// No open packet within the time allowed.
    NoHandshake {
        ms: u32,
    },
    /// The socket closed or failed.
    SocketClosed,
    /// The user answer has no `channel_id`: no account stream.
    NoChannel,
}

/// English, as `Error`'s `Display` is.
impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

/// What is wrong with a [`Text::BadBaseUrl`] (the sentences are in the catalogue).
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    Scheme,
    NoHost,
    Credentials,
    QueryOrFragment,
    Spaces,
}

/// A unit of [`Text::NotWhole`].
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Retries,
    Milliseconds,
    Calls,
    Bytes,
}

/// What a page or worker lacks for a call, or which browser step refused (the
/// sentences are in [`Lack::english`] and its French).
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lack {
    Crypto,
    RandomValues,
    SecureContext,
    Digest,
    SessionStorage,
    LocalStorage,
    StorageFull,
    Window,
    Location,
    History,
    Navigation,
    Document,
    CreateElement,
    SetAttribute,
    AppendChild,
    WebSocket,
}

impl Lack {
    fn english(self) -> &'static str {
        match self {
            Lack::WebSocket => {
                "no WebSocket here (Node before 22: set globalThis.WebSocket, e.g. from the ws package)"
            }
            Lack::Crypto => "no Web Crypto (crypto) here",
            Lack::RandomValues => "crypto.getRandomValues failed",
            Lack::SecureContext => "crypto.subtle needs a secure context (https or localhost)",
            Lack::Digest => "crypto.subtle.digest failed",
            Lack::SessionStorage => "no sessionStorage here (a worker, or blocked by the browser)",
            Lack::LocalStorage => "no localStorage here (a worker, or blocked by the browser)",
            Lack::StorageFull => "storage full, or blocked by the browser",
            Lack::Window => "no window here (location, history)",
            Lack::Location => "location.href failed",
            Lack::History => "history.replaceState failed",
            Lack::Navigation => "location.assign failed",
            Lack::Document => "the element belongs to no document",
            Lack::CreateElement => "cannot create the element",
            Lack::SetAttribute => "cannot set an attribute",
            Lack::AppendChild => "cannot append the widget",
        }
    }

    fn french(self) -> &'static str {
        match self {
            Lack::WebSocket => {
                "pas de WebSocket ici (Node avant 22 : définir globalThis.WebSocket, par exemple celui du paquet ws)"
            }
            Lack::Crypto => "pas de Web Crypto (crypto) ici",
            Lack::RandomValues => "crypto.getRandomValues a échoué",
            Lack::SecureContext => {
                "crypto.subtle demande un contexte sécurisé (https ou localhost)"
            }
            Lack::Digest => "crypto.subtle.digest a échoué",
            Lack::SessionStorage => {
                "pas de sessionStorage ici (un worker, ou bloqué par le navigateur)"
            }
            Lack::LocalStorage => {
                "pas de localStorage ici (un worker, ou bloqué par le navigateur)"
            }
            Lack::StorageFull => "stockage plein, ou bloqué par le navigateur",
            Lack::Window => "pas de window ici (location, history)",
            Lack::Location => "location.href a échoué",
            Lack::History => "history.replaceState a échoué",
            Lack::Navigation => "location.assign a échoué",
            Lack::Document => "l'élément n'appartient à aucun document",
            Lack::CreateElement => "impossible de créer l'élément",
            Lack::SetAttribute => "impossible de poser un attribut",
            Lack::AppendChild => "impossible d'ajouter le widget",
        }
    }
}

impl Text {
    /// The text in `locale`.
    pub fn text(&self, locale: Locale) -> String {
        if locale == Locale::Fr {
            self.french()
        } else {
            self.english()
        }
    }

    /// Every string the text holds, passed through `clean` (tokens removed).
    pub fn map_strings(self, clean: &dyn Fn(String) -> String) -> Text {
        use Text::*;
        match self {
            Given(text) => Given(clean(text)),
            UnknownOption { key, known } => UnknownOption {
                key: clean(key),
                known,
            },
            NotHttpUrl(url) => NotHttpUrl(clean(url)),
            Within { path, inner } => Within {
                path: clean(path),
                inner: Box::new(inner.map_strings(clean)),
            },
            BadBaseUrl { url, why } => BadBaseUrl {
                url: clean(url),
                why,
            },
            NoHost(url) => NoHost(clean(url)),
            RefreshRefused { description } => RefreshRefused {
                description: description.map(clean),
            },
            StateMissing { error } => StateMissing {
                error: error.map(clean),
            },
            MissingScope { scope, said } => MissingScope {
                scope,
                said: said.into_iter().map(clean).collect(),
            },
            WrongOrigin { session, client } => WrongOrigin {
                session: clean(session),
                client: clean(client),
            },
            NotBearer(kind) => NotBearer(kind.map(clean)),
            InvalidExpiresIn(text) => InvalidExpiresIn(clean(text)),
            NotOneOf { found, names } => NotOneOf {
                found: clean(found),
                names,
            },
            BadUserCode => BadUserCode,
            UnknownEvent(name) => UnknownEvent(clean(name)),
            NamespaceRefused { namespace, said } => NamespaceRefused {
                namespace,
                said: clean(said),
            },
            other => other,
        }
    }

    fn english(&self) -> String {
        use Text::*;
        match self {
            Given(text) => text.clone(),
            UnknownOption { key, known } => match closest(key, known) {
                Some(near) => format!("unknown option `{key}`; did you mean `{near}`?"),
                None => format!("unknown option `{key}`; the options are {}", list(known)),
            },
            MissingMember => "missing".into(),
            Within { path, inner } => format!("{path}: {}", inner.english()),
            BadBaseUrl { url, why } => format!(
                "{url:?} {}",
                match why {
                    UrlProblem::Scheme => "must start with https:// or http://",
                    UrlProblem::NoHost => "has no host",
                    UrlProblem::Credentials => "must not contain credentials",
                    UrlProblem::QueryOrFragment => "must not have a query or a fragment",
                    UrlProblem::Spaces => "must not contain spaces or control characters",
                }
            ),
            WrongType { expected, found } => {
                format!("expected {expected}, got {found}")
            }
            NotJson => "not a JSON object".into(),
            NotWhole {
                value,
                unit,
                min,
                max,
            } => format!(
                "{value} is not a whole number of {} from {min} to {max}",
                match unit {
                    Unit::Retries => "retries",
                    Unit::Milliseconds => "milliseconds",
                    Unit::Calls => "calls",
                    Unit::Bytes => "bytes",
                }
            ),
            NotANumber(text) => format!("{text:?} is not a number that fits 28 significant digits"),
            UnsupportedLocale(tag) => format!("{tag:?} is not supported; use \"en\" or \"fr\""),
            NotHttpUrl(url) => format!("{url:?} is not an http(s) URL"),
            NoHost(url) => format!("{url:?} has no host"),
            NotACurrency(text) => format!("{text:?} is not a currency code such as \"eur\""),
            PerSecondRange(value) => format!("{value} is not from 1/60 to 100 calls a second"),
            RateLimiterShape(inner) => {
                format!(
                    "{}; use true, false or {{ perSecond, burst }}",
                    inner.english()
                )
            }
            ClientSecret => "a browser app cannot keep a client secret: anyone can read it from \
                             the page or the network. Register a public client and use the code \
                             flow with PKCE (the default), or exchange the code on your own \
                             backend by pointing tokenUrl at it"
                .into(),
            NotAPreset { id, presets } => format!(
                "{id:?} is not a provider preset; use one of {presets}, or give authorizeUrl and \
                 tokenUrl without a provider"
            ),
            ProviderOrEndpoints { presets } => format!(
                "give a provider ({presets}) or explicit endpoints (authorizeUrl, tokenUrl)"
            ),
            NotAProvider { id, presets } => {
                format!("{id:?} is not a provider preset; use one of {presets}, or \"custom\"")
            }
            ClientIdRequired => "required: the id the provider gave your app".into(),
            RedirectUriRequired => {
                "required: the URL registered with the provider, where the login comes back".into()
            }
            NotAFlow(text) => format!("{text:?} is not \"token\" or \"code\""),
            NoImplicitFlow { provider } => {
                format!("{provider} has no implicit (\"token\") flow; use \"code\"")
            }
            NoSuchScope {
                provider,
                scope,
                known,
            } if known.is_empty() => format!("{provider} has no scope {scope:?}; it has no scopes"),
            NoSuchScope {
                provider,
                scope,
                known,
            } => format!("{provider} has no scope {scope:?}; its scopes are {known}"),
            NotAStorage(text) => format!("{text:?} is not \"session\", \"local\" or \"memory\""),
            NoTokenEndpoint => {
                "this provider has no token endpoint configured; give tokenUrl".into()
            }
            NotLoggedIn => "not logged in".into(),
            NeedsLogin => {
                "this call needs a login: call client.setAuth(oauth) with a logged-in OAuth".into()
            }
            SessionExpired => {
                "the session has expired and cannot be refreshed; log in again".into()
            }
            NoRefreshToken => "the session has no refresh token; log in again".into(),
            RefreshAbandoned => "the refresh this call waited for was abandoned".into(),
            RefreshRefused { description } => format!(
                "the provider refused to refresh the session (invalid_grant{}); log in again",
                description
                    .as_deref()
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default()
            ),
            SessionRejected => {
                "the server no longer accepts this session (HTTP 401); log in again".into()
            }
            AccessKeyExpired => {
                "the access key has expired (f1cx error 2010); refresh the session".into()
            }
            NoUserCodeGrant { provider } => format!("{provider} has no user-code grant"),
            BadUserCode => "the code the user copied is empty or too long".into(),
            NoLoginInProgress => "no login is in progress in this tab: this callback was already \
                                  used (a reload or the back button) or the login started \
                                  elsewhere; log in again"
                .into(),
            LoginTooOld => "the login in progress is more than 10 minutes old; log in again".into(),
            WrongOrigin { session, client } => format!(
                "this session is for {session}, not for this client's {client}: its tokens are \
                 never sent elsewhere; log in at {client} to call it"
            ),
            MissingScope { scope, said } => {
                let mut text = format!(
                    "the session lacks the scope \"{scope}\" this call needs; log in again asking for it"
                );
                if !said.is_empty() {
                    text = format!("{text} ({})", said.join("; "));
                }
                text
            }
            StateMismatch => "the login callback's state is not the one this tab sent: it may be \
                              forged (CSRF) or belong to another login; log in again"
                .into(),
            StateMissing { error } => format!(
                "the login callback carries no state{}, so it cannot be tied to this tab's login \
                 and is not trusted (CSRF); log in again",
                error
                    .as_deref()
                    .map(|code| format!(" (it says: {code})"))
                    .unwrap_or_default()
            ),
            UnexpectedToken => {
                "the callback carries an access token, but this login asked for a code".into()
            }
            MissingCode => "the callback carries no authorization code".into(),
            NoAccessToken => "the callback carries no access token".into(),
            NotBearer(None) => {
                "the callback does not say the token is a bearer token (no token_type)".into()
            }
            NotBearer(Some(kind)) => {
                format!("the token's type is {kind:?}; only bearer tokens are supported")
            }
            InvalidExpiresIn(text) => format!("expires_in is {text:?}, not a number of seconds"),
            AmbiguousCallback => {
                "both the query and the fragment of the callback carry an OAuth answer".into()
            }
            NoAnswerInUrl => {
                "the URL carries no OAuth answer (no access_token, code or error)".into()
            }
            DuplicateParameter(key) => {
                format!("the callback gives {key} more than once (RFC 6749 §3.1 forbids it)")
            }
            ParameterTooLarge { key, len, max } => {
                format!("the callback's {key} is {len} bytes long, more than {max}")
            }
            CallbackNotHttp(Some(scheme)) => format!(
                "the callback is a {scheme}: URL, not an http(s) one; pass the page's location.href"
            ),
            CallbackNotHttp(None) => {
                "the callback is not an http(s) URL; pass the page's location.href".into()
            }
            MalformedEscape { in_fragment } => format!(
                "the callback's {} holds a malformed percent-escape (a % not followed by two hex \
                 digits), so its parameters cannot be read as sent",
                if *in_fragment { "fragment" } else { "query" }
            ),
            NotJsonContent(label) => format!("expected JSON, got {label}"),
            TokenAnswerNotJson => "the token endpoint's answer is not JSON".into(),
            TokenAnswerWrongType => "unexpected type in the token answer".into(),
            NotAccessSecretPair => "expected access_key:secret_key".into(),
            Truncated { len } => format!("the JSON ends too early (truncated after {len} bytes)"),
            BadJson { at, expected } => format!("invalid JSON at byte {at}: expected {expected}"),
            BadString { at } => format!(
                "invalid JSON at byte {at}: a string with a bad escape, a control character or invalid UTF-8"
            ),
            TooDeep { at, max } => {
                format!("invalid JSON at byte {at}: nested more than {max} levels deep")
            }
            Missing => "missing".into(),
            GivenTwice => "given twice".into(),
            UnknownField { known } => format!("unknown field; expected one of {known}"),
            NotOneOf { found, names } => format!("{found:?} is not one of {names}"),
            WrongLength { expected } => format!("expected a list of {expected} values"),
            SumTooLarge => "the sum needs more than 28 significant digits".into(),
            TextTooLong { max } => format!("a string longer than {max} bytes"),
            AnswerTooLarge { max } => format!("the answer is larger than {max} bytes"),
            LibraryBug => {
                "the library could not make the objects of this answer (a library bug)".into()
            }
            NoAnswerWithin { ms } => format!("no answer within {ms} ms"),
            PastLastLevel { index, count } => {
                format!("{index} is past the last level (the side has {count})")
            }
            Unavailable(what) => what.english().into(),
            MalformedFrame(why) => format!("a frame of the stream is malformed: {why}"),
            FrameTooLarge { bytes, max } => {
                format!("a frame of {bytes} bytes is over the stream's limit of {max}")
            }
            UnknownEvent(name) => format!("unknown event `{name}` on the stream, ignored"),
            UnknownLevel => "the stream removed a price level the book does not have".into(),
            NoPong { ms } => format!("no pong from the server within {ms} ms"),
            NamespaceRefused { namespace, said } => {
                format!("the server refused to join {namespace}: {said}")
            }
            NoHandshake { ms } => format!("the stream did not open within {ms} ms"),
            SocketClosed => "the stream's connection closed".into(),
            NoChannel => "the exchange gave this account no stream channel".into(),
        }
    }

    fn french(&self) -> String {
        use Text::*;
        match self {
            Given(text) => text.clone(),
            UnknownOption { key, known } => match closest(key, known) {
                Some(near) => format!("option « {key} » inconnue ; vouliez-vous dire « {near} » ?"),
                None => format!(
                    "option « {key} » inconnue ; les options sont {}",
                    list(known)
                ),
            },
            MissingMember => "manquant".into(),
            Within { path, inner } => format!("{path} : {}", inner.french()),
            BadBaseUrl { url, why } => format!(
                "« {url} » {}",
                match why {
                    UrlProblem::Scheme => "doit commencer par https:// ou http://",
                    UrlProblem::NoHost => "n'a pas d'hôte",
                    UrlProblem::Credentials => "ne doit pas contenir d'identifiants",
                    UrlProblem::QueryOrFragment => "ne doit avoir ni requête ni fragment",
                    UrlProblem::Spaces => {
                        "ne doit contenir ni espaces ni caractères de contrôle"
                    }
                }
            ),
            WrongType { expected, found } => {
                format!(
                    "attendu : {} ; reçu : {}",
                    french_kind(expected),
                    french_kind(found)
                )
            }
            NotJson => "ce n'est pas un objet JSON".into(),
            NotWhole {
                value,
                unit,
                min,
                max,
            } => format!(
                "{value} n'est pas un nombre entier {} de {min} à {max}",
                match unit {
                    Unit::Retries => "de tentatives",
                    Unit::Milliseconds => "de millisecondes",
                    Unit::Calls => "d'appels",
                    Unit::Bytes => "d'octets",
                }
            ),
            NotANumber(text) => {
                format!("« {text} » n'est pas un nombre qui tient en 28 chiffres significatifs")
            }
            UnsupportedLocale(tag) => {
                format!("« {tag} » n'est pas pris en charge ; utilisez \"en\" ou \"fr\"")
            }
            NotHttpUrl(url) => format!("« {url} » n'est pas une URL http(s)"),
            NoHost(url) => format!("« {url} » n'a pas d'hôte"),
            NotACurrency(text) => format!("« {text} » n'est pas un code de devise comme \"eur\""),
            PerSecondRange(value) => {
                format!("{value} n'est pas compris entre 1/60 et 100 appels par seconde")
            }
            RateLimiterShape(inner) => format!(
                "{} ; utilisez true, false ou {{ perSecond, burst }}",
                inner.french()
            ),
            ClientSecret => "une application web ne peut pas garder de secret client : \
                             n'importe qui peut le lire dans la page ou sur le réseau. \
                             Enregistrez un client public et utilisez le flux code avec PKCE \
                             (par défaut), ou échangez le code sur votre propre serveur en y \
                             faisant pointer tokenUrl"
                .into(),
            NotAPreset { id, presets } => format!(
                "« {id} » n'est pas un fournisseur connu ; utilisez l'un de {presets}, ou donnez \
                 authorizeUrl et tokenUrl sans provider"
            ),
            ProviderOrEndpoints { presets } => format!(
                "donnez un fournisseur ({presets}) ou des adresses explicites (authorizeUrl, tokenUrl)"
            ),
            NotAProvider { id, presets } => format!(
                "« {id} » n'est pas un fournisseur connu ; utilisez l'un de {presets}, ou \"custom\""
            ),
            ClientIdRequired => "obligatoire : l'identifiant que le fournisseur a donné à votre \
                                 application"
                .into(),
            RedirectUriRequired => "obligatoire : l'URL enregistrée chez le fournisseur, où la \
                                    connexion revient"
                .into(),
            NotAFlow(text) => format!("« {text} » n'est ni \"token\" ni \"code\""),
            NoImplicitFlow { provider } => {
                format!("{provider} n'a pas de flux implicite (\"token\") ; utilisez \"code\"")
            }
            NoSuchScope {
                provider,
                scope,
                known,
            } if known.is_empty() => {
                format!("{provider} n'a pas de portée « {scope} » ; il n'a aucune portée")
            }
            NoSuchScope {
                provider,
                scope,
                known,
            } => format!("{provider} n'a pas de portée « {scope} » ; ses portées sont {known}"),
            NotAStorage(text) => {
                format!("« {text} » n'est ni \"session\", ni \"local\", ni \"memory\"")
            }
            NoTokenEndpoint => {
                "ce fournisseur n'a pas d'adresse de jeton configurée ; donnez tokenUrl".into()
            }
            NotLoggedIn => "pas connecté".into(),
            NeedsLogin => {
                "cet appel demande une connexion : appelez client.setAuth(oauth) avec un \
                           OAuth connecté"
                    .into()
            }
            SessionExpired => {
                "la session a expiré et ne peut pas être renouvelée ; reconnectez-vous".into()
            }
            NoRefreshToken => {
                "la session n'a pas de jeton de renouvellement ; reconnectez-vous".into()
            }
            RefreshAbandoned => "le renouvellement que cet appel attendait a été abandonné".into(),
            RefreshRefused { description } => format!(
                "le fournisseur a refusé de renouveler la session (invalid_grant{}) ; reconnectez-vous",
                description
                    .as_deref()
                    .map(|d| format!(" : {d}"))
                    .unwrap_or_default()
            ),
            SessionRejected => {
                "le serveur n'accepte plus cette session (HTTP 401) ; reconnectez-vous".into()
            }
            AccessKeyExpired => {
                "la clé d'accès a expiré (erreur f1cx 2010) ; renouvelez la session".into()
            }
            NoUserCodeGrant { provider } => {
                format!("{provider} n'a pas d'échange de code utilisateur")
            }
            BadUserCode => "le code copié par l'utilisateur est vide ou trop long".into(),
            NoLoginInProgress => "aucune connexion n'est en cours dans cet onglet : ce retour a \
                                  déjà servi (un rechargement ou le bouton retour) ou la \
                                  connexion a commencé ailleurs ; reconnectez-vous"
                .into(),
            LoginTooOld => {
                "la connexion en cours date de plus de 10 minutes ; reconnectez-vous".into()
            }
            WrongOrigin { session, client } => format!(
                "cette session est pour {session}, pas pour {client}, celui de ce client : ses \
                 jetons ne sont jamais envoyés ailleurs ; connectez-vous sur {client} pour l'appeler"
            ),
            MissingScope { scope, said } => {
                let mut text = format!(
                    "la session n'a pas la portée « {scope} » qu'il faut pour cet appel ; reconnectez-vous en la demandant"
                );
                if !said.is_empty() {
                    text = format!("{text} ({})", said.join(" ; "));
                }
                text
            }
            StateMismatch => {
                "l'état (state) du retour de connexion n'est pas celui que cet onglet \
                              a envoyé : il peut être falsifié (CSRF) ou appartenir à une autre \
                              connexion ; reconnectez-vous"
                    .into()
            }
            StateMissing { error } => format!(
                "le retour de connexion ne porte pas d'état (state){}, il ne peut donc pas être \
                 relié à la connexion de cet onglet et n'est pas fiable (CSRF) ; reconnectez-vous",
                error
                    .as_deref()
                    .map(|code| format!(" (il dit : {code})"))
                    .unwrap_or_default()
            ),
            UnexpectedToken => "le retour porte un jeton d'accès, mais cette connexion demandait \
                                un code"
                .into(),
            MissingCode => "le retour ne porte pas de code d'autorisation".into(),
            NoAccessToken => "le retour ne porte pas de jeton d'accès".into(),
            NotBearer(None) => {
                "le retour ne dit pas que le jeton est de type bearer (pas de token_type)".into()
            }
            NotBearer(Some(kind)) => format!(
                "le jeton est de type « {kind} » ; seuls les jetons bearer sont pris en charge"
            ),
            InvalidExpiresIn(text) => {
                format!("expires_in vaut « {text} », pas un nombre de secondes")
            }
            AmbiguousCallback => {
                "la requête et le fragment du retour portent tous deux une réponse OAuth".into()
            }
            NoAnswerInUrl => {
                "l'URL ne porte pas de réponse OAuth (ni access_token, ni code, ni error)".into()
            }
            DuplicateParameter(key) => {
                format!("le retour donne {key} plusieurs fois (la RFC 6749 §3.1 l'interdit)")
            }
            ParameterTooLarge { key, len, max } => {
                format!("le paramètre {key} du retour fait {len} octets, plus de {max}")
            }
            CallbackNotHttp(Some(scheme)) => format!(
                "le retour est une URL {scheme}:, pas une URL http(s) ; passez location.href"
            ),
            CallbackNotHttp(None) => {
                "le retour n'est pas une URL http(s) ; passez location.href".into()
            }
            MalformedEscape { in_fragment } => format!(
                "{} du retour contient un échappement % mal formé (un % qui n'est pas suivi de \
                 deux chiffres hexadécimaux) : ses paramètres ne peuvent pas être lus tels quels",
                if *in_fragment {
                    "le fragment"
                } else {
                    "la requête"
                }
            ),
            NotJsonContent(label) => format!("du JSON était attendu, reçu : {label}"),
            TokenAnswerNotJson => "la réponse de l'adresse de jeton n'est pas du JSON".into(),
            TokenAnswerWrongType => "type inattendu dans la réponse de l'adresse de jeton".into(),
            NotAccessSecretPair => "access_key:secret_key attendu".into(),
            Truncated { len } => {
                format!("le JSON s'arrête trop tôt (tronqué après {len} octets)")
            }
            BadJson { at, expected } => format!(
                "JSON invalide à l'octet {at} : {} attendu",
                french_kind(expected)
            ),
            BadString { at } => format!(
                "JSON invalide à l'octet {at} : une chaîne avec un échappement invalide, un caractère de contrôle ou de l'UTF-8 invalide"
            ),
            TooDeep { at, max } => {
                format!("JSON invalide à l'octet {at} : imbriqué sur plus de {max} niveaux")
            }
            Missing => "manquant".into(),
            GivenTwice => "donné deux fois".into(),
            UnknownField { known } => format!("champ inconnu ; champs possibles : {known}"),
            NotOneOf { found, names } => format!("« {found} » ne fait pas partie de : {names}"),
            WrongLength { expected } => format!("une liste de {expected} valeurs était attendue"),
            SumTooLarge => "la somme demande plus de 28 chiffres significatifs".into(),
            TextTooLong { max } => format!("une chaîne de plus de {max} octets"),
            AnswerTooLarge { max } => format!("la réponse dépasse {max} octets"),
            LibraryBug => "la bibliothèque n'a pas pu construire les objets de cette réponse \
                           (un bogue de la bibliothèque)"
                .into(),
            NoAnswerWithin { ms } => format!("pas de réponse en {ms} ms"),
            PastLastLevel { index, count } => {
                format!("{index} est au-delà du dernier niveau (ce côté en a {count})")
            }
            Unavailable(what) => what.french().into(),
            MalformedFrame(why) => format!("une trame du flux est mal formée : {why}"),
            FrameTooLarge { bytes, max } => {
                format!("une trame de {bytes} octets dépasse la limite du flux ({max})")
            }
            UnknownEvent(name) => format!("événement « {name} » inconnu sur le flux, ignoré"),
            UnknownLevel => "le flux a retiré un niveau de prix absent du carnet".into(),
            NoPong { ms } => format!("pas de pong du serveur en {ms} ms"),
            NamespaceRefused { namespace, said } => {
                format!("le serveur a refusé de rejoindre {namespace} : {said}")
            }
            NoHandshake { ms } => format!("le flux ne s'est pas ouvert en {ms} ms"),
            SocketClosed => "la connexion du flux s'est fermée".into(),
            NoChannel => "la plateforme n'a pas donné de canal de flux à ce compte".into(),
        }
    }
}

/// The words the wire schema uses for kinds of JSON values, in French.
fn french_kind(english: &str) -> &str {
    match english {
        "a decimal number or a decimal string" => "un nombre ou une chaîne décimale",
        "a string" => "une chaîne",
        "a whole number" => "un nombre entier",
        "true or false" => "true ou false",
        "an integer or a string" => "un entier ou une chaîne",
        "an object" => "un objet",
        "a list" => "une liste",
        "a JSON value" => "une valeur JSON",
        "a number" => "un nombre",
        "a boolean" => "un booléen",
        "null" => "null",
        "something else" => "autre chose",
        "`,` or `]`" => "`,` ou `]`",
        "`,` or `}`" => "`,` ou `}`",
        "`:`" => "`:`",
        "a key" => "une clé",
        "the end of the input" => "la fin du texte",
        other => other,
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The name in `names` closest to `key` (a typo's likely intent): at most two edits
/// away, or the same ignoring case.
fn closest<'a>(key: &str, names: &[&'a str]) -> Option<&'a str> {
    names
        .iter()
        .map(|name| (distance(&key.to_lowercase(), &name.to_lowercase()), *name))
        .filter(|(d, name)| *d <= 2.min(name.len() / 2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// Levenshtein distance, over chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(above).min(row[j])
            };
            previous = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One text of every variant: the `match` below has no wildcard, so a new variant
    /// does not compile until it has a sample here, and so a French text.
    fn samples() -> Vec<Text> {
        use Text::*;
        let all = vec![
            UnknownOption {
                key: "currancy".into(),
                known: vec!["baseUrl", "currency"],
            },
            UnknownOption {
                key: "zzz".into(),
                known: vec!["baseUrl", "currency"],
            },
            MissingMember,
            Within {
                path: "types[1]".into(),
                inner: Box::new(MissingMember),
            },
            BadBaseUrl {
                url: "ftp://x".into(),
                why: UrlProblem::Scheme,
            },
            BadBaseUrl {
                url: "http://".into(),
                why: UrlProblem::NoHost,
            },
            BadBaseUrl {
                url: "http://a@b".into(),
                why: UrlProblem::Credentials,
            },
            BadBaseUrl {
                url: "http://a?b".into(),
                why: UrlProblem::QueryOrFragment,
            },
            BadBaseUrl {
                url: "http://a b".into(),
                why: UrlProblem::Spaces,
            },
            WrongType {
                expected: "a string",
                found: "a number",
            },
            NotJson,
            NotWhole {
                value: "1.5".into(),
                unit: Unit::Retries,
                min: 0,
                max: 10,
            },
            NotWhole {
                value: "0".into(),
                unit: Unit::Milliseconds,
                min: 1,
                max: 600_000,
            },
            NotWhole {
                value: "0".into(),
                unit: Unit::Calls,
                min: 1,
                max: 1000,
            },
            NotWhole {
                value: "0".into(),
                unit: Unit::Bytes,
                min: 1024,
                max: 268_435_456,
            },
            NotANumber("1e999".into()),
            UnsupportedLocale("de".into()),
            NotHttpUrl("ftp://x".into()),
            NoHost("http://".into()),
            NotACurrency("e/ur".into()),
            PerSecondRange("500".into()),
            RateLimiterShape(Box::new(MissingMember)),
            ClientSecret,
            NotAPreset {
                id: "x".into(),
                presets: "a, b".into(),
            },
            ProviderOrEndpoints {
                presets: "a, b".into(),
            },
            NotAProvider {
                id: "x".into(),
                presets: "a, b".into(),
            },
            ClientIdRequired,
            RedirectUriRequired,
            NotAFlow("x".into()),
            NoImplicitFlow {
                provider: "Bitport",
            },
            NoSuchScope {
                provider: "f1cx",
                scope: "withdraw".into(),
                known: "profile, history, trade".into(),
            },
            NotAStorage("x".into()),
            NoTokenEndpoint,
            NotLoggedIn,
            NeedsLogin,
            SessionExpired,
            NoRefreshToken,
            RefreshAbandoned,
            RefreshRefused { description: None },
            SessionRejected,
            AccessKeyExpired,
            NoUserCodeGrant { provider: "f1cx" },
            BadUserCode,
            NoLoginInProgress,
            LoginTooOld,
            MissingScope {
                scope: "trade",
                said: vec![],
            },
            WrongOrigin {
                session: "https://a.example".into(),
                client: "https://b.example".into(),
            },
            StateMismatch,
            StateMissing { error: None },
            UnexpectedToken,
            MissingCode,
            NoAccessToken,
            NotBearer(None),
            NotBearer(Some("mac".into())),
            InvalidExpiresIn("soon".into()),
            AmbiguousCallback,
            NoAnswerInUrl,
            DuplicateParameter("state".into()),
            ParameterTooLarge {
                key: "code".into(),
                len: 20_000,
                max: 16_384,
            },
            CallbackNotHttp(Some("javascript".into())),
            CallbackNotHttp(None),
            MalformedEscape { in_fragment: true },
            NotJsonContent("text/html".into()),
            TokenAnswerNotJson,
            TokenAnswerWrongType,
            NotAccessSecretPair,
            Truncated { len: 3 },
            BadJson {
                at: 3,
                expected: "a JSON value",
            },
            BadString { at: 3 },
            TooDeep { at: 3, max: 128 },
            Missing,
            GivenTwice,
            UnknownField {
                known: "a, b".into(),
            },
            NotOneOf {
                found: "x".into(),
                names: "a, b".into(),
            },
            WrongLength { expected: 2 },
            SumTooLarge,
            TextTooLong { max: 3 },
            AnswerTooLarge { max: 1024 },
            LibraryBug,
            NoAnswerWithin { ms: 10 },
            PastLastLevel { index: 3, count: 2 },
            Unavailable(Lack::Crypto),
            Unavailable(Lack::WebSocket),
            MalformedFrame("x"),
            FrameTooLarge { bytes: 2, max: 1 },
            UnknownEvent("x".into()),
            UnknownLevel,
            NoPong { ms: 1 },
            NamespaceRefused {
                namespace: "/public",
                said: "x".into(),
            },
            NoHandshake { ms: 1 },
            SocketClosed,
            NoChannel,
            Unavailable(Lack::RandomValues),
            Unavailable(Lack::SecureContext),
            Unavailable(Lack::Digest),
            Unavailable(Lack::SessionStorage),
            Unavailable(Lack::LocalStorage),
            Unavailable(Lack::StorageFull),
            Unavailable(Lack::Window),
            Unavailable(Lack::Location),
            Unavailable(Lack::History),
            Unavailable(Lack::Navigation),
            Unavailable(Lack::Document),
            Unavailable(Lack::CreateElement),
            Unavailable(Lack::SetAttribute),
            Unavailable(Lack::AppendChild),
        ];
        for text in &all {
            // Exhaustive on purpose: every variant must have a sample above.
            match text {
                Given(_)
                | UnknownOption { .. }
                | MissingMember
                | Within { .. }
                | BadBaseUrl { .. }
                | WrongType { .. }
                | NotJson
                | NotWhole { .. }
                | NotANumber(_)
                | UnsupportedLocale(_)
                | NotHttpUrl(_)
                | NoHost(_)
                | NotACurrency(_)
                | PerSecondRange(_)
                | RateLimiterShape(_)
                | ClientSecret
                | NotAPreset { .. }
                | ProviderOrEndpoints { .. }
                | NotAProvider { .. }
                | ClientIdRequired
                | RedirectUriRequired
                | NotAFlow(_)
                | NoImplicitFlow { .. }
                | NoSuchScope { .. }
                | NotAStorage(_)
                | NoTokenEndpoint
                | NotLoggedIn
                | NeedsLogin
                | SessionExpired
                | NoRefreshToken
                | RefreshAbandoned
                | RefreshRefused { .. }
                | SessionRejected
                | AccessKeyExpired
                | NoUserCodeGrant { .. }
                | BadUserCode
                | NoLoginInProgress
                | LoginTooOld
                | MissingScope { .. }
                | WrongOrigin { .. }
                | StateMismatch
                | StateMissing { .. }
                | UnexpectedToken
                | MissingCode
                | NoAccessToken
                | NotBearer(_)
                | InvalidExpiresIn(_)
                | AmbiguousCallback
                | NoAnswerInUrl
                | DuplicateParameter(_)
                | ParameterTooLarge { .. }
                | CallbackNotHttp(_)
                | MalformedEscape { .. }
                | NotJsonContent(_)
                | TokenAnswerNotJson
                | TokenAnswerWrongType
                | NotAccessSecretPair
                | Truncated { .. }
                | BadJson { .. }
                | BadString { .. }
                | TooDeep { .. }
                | Missing
                | GivenTwice
                | UnknownField { .. }
                | NotOneOf { .. }
                | WrongLength { .. }
                | SumTooLarge
                | TextTooLong { .. }
                | AnswerTooLarge { .. }
                | LibraryBug
                | NoAnswerWithin { .. }
                | PastLastLevel { .. }
                | Unavailable(_)
                | MalformedFrame(_)
                | FrameTooLarge { .. }
                | UnknownEvent(_)
                | UnknownLevel
                | NoPong { .. }
                | NamespaceRefused { .. }
                | NoHandshake { .. }
                | SocketClosed
                | NoChannel => {}
            }
        }
        all
    }

    #[test]
    fn every_text_is_in_english_and_in_french() {
        for text in samples() {
            let (en, fr) = (text.text(Locale::En), text.text(Locale::Fr));
            assert!(!en.is_empty() && !fr.is_empty(), "{text:?}");
            assert_ne!(en, fr, "{text:?} has no French of its own");
        }
    }

    #[test]
    fn a_typo_gets_its_likely_intent() {
        let known = vec!["baseUrl", "currency", "locale", "timeoutMs"];
        let said = |key: &str| {
            Text::UnknownOption {
                key: key.into(),
                known: known.clone(),
            }
            .text(Locale::En)
        };
        assert_eq!(
            said("currancy"),
            "unknown option `currancy`; did you mean `currency`?"
        );
        assert_eq!(
            said("baseURL"),
            "unknown option `baseURL`; did you mean `baseUrl`?"
        );
        assert_eq!(
            said("timeout"),
            "unknown option `timeout`; did you mean `timeoutMs`?"
        );
        assert_eq!(
            said("zzz"),
            "unknown option `zzz`; the options are `baseUrl`, `currency`, `locale`, `timeoutMs`"
        );
        assert_eq!(
            Text::UnknownOption {
                key: "lokale".into(),
                known
            }
            .text(Locale::Fr),
            "option « lokale » inconnue ; vouliez-vous dire « locale » ?"
        );
    }
}
