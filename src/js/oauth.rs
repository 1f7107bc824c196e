//! The JS `OAuth` class and `parseCallback()`: thin shells over [`crate::oauth`] and
//! its browser edge [`crate::web::oauth`].

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::error::{BitcoinCentralError, from_core, within};
use super::value::{JsonObject, optional_function, optional_text, read, text, wrong};
use crate::args::Want;
use crate::config::Locale;
use crate::error::{Error, Text};
use crate::oauth::SessionView;
use crate::oauth::provider::CUSTOM;
use crate::oauth::{Callback, OAuthConfig, OAuthOptions, Quirks, ResponseType};
use crate::schema::{Field, Kind, Node, Schema};
use crate::web::oauth::{
    TabSync, WebOAuth, current_url, logout_everywhere, navigate, replace_url, web_oauth,
};

/// OAuth2 login and session for one provider and app.
///
/// ```js
/// const oauth = new OAuth({ provider: "bitcoin-central", clientId, redirectUri: location.origin + "/", scopes: ["basic"] });
/// const session = (await oauth.handleRedirect()) ?? oauth.session();
/// if (!session) await oauth.login();
/// ```
#[wasm_bindgen(js_name = OAuth)]
pub struct JsOAuth {
    core: Rc<WebOAuth>,
    /// Its entry in [`LIVE`], by which `client.setAuth(oauth)` finds it.
    id: u32,
    /// The `onChange` listener, if any.
    listener: Rc<RefCell<Option<js_sys::Function>>>,
    /// Hears the other tabs while this object lives (`None` outside a window).
    _tabs: Option<TabSync>,
}

#[wasm_bindgen(js_class = OAuth)]
impl JsOAuth {
    /// Configures a provider preset (`provider`) or explicit endpoints
    /// (`authorizeUrl`, `tokenUrl`). Throws an `"invalid-argument"` error for a bad
    /// option — including any `clientSecret`: a page cannot keep one.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "OAuthOptions")] options: JsValue,
    ) -> Result<JsOAuth, BitcoinCentralError> {
        let fields = OAuthOptions::SCHEMA.fields;
        let locale = crate::web::preferred_locale();
        let node = read(&options, &OPTIONS, "options", locale)?;
        let config = OAuthOptions::from_node(node)
            .and_then(OAuthConfig::from_options)
            .map_err(|e| within("options", fields, &e, locale))?;
        let core = Rc::new(web_oauth(config));
        let id = LIVE.with(|live| {
            let mut live = live.borrow_mut();
            live.retain(|(_, oauth)| oauth.strong_count() > 0);
            let id = live.iter().map(|(id, _)| id + 1).max().unwrap_or(1);
            live.push((id, Rc::downgrade(&core)));
            id
        });
        let listener: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
        let notify = Rc::clone(&listener);
        let tabs = TabSync::watch(
            Rc::clone(&core),
            Box::new(move |session| {
                let Some(listener) = notify.borrow().clone() else {
                    return;
                };
                let value = session
                    .and_then(|s| session_of(&s.view()).ok())
                    .unwrap_or(JsValue::NULL);
                // The page's listener: what it throws is its own (reported by the browser).
                let _ = listener.call1(&JsValue::NULL, &value);
            }),
        );
        Ok(JsOAuth {
            core,
            id,
            listener,
            _tabs: tabs,
        })
    }

    /// The URL to send the user to, for a fresh login (a new one-time `state`, and a
    /// PKCE challenge for the code flow, kept in this tab's sessionStorage).
    #[wasm_bindgen(js_name = authorizeUrl, unchecked_return_type = "Promise<string>")]
    pub fn authorize_url(&self) -> Promise {
        let core = Rc::clone(&self.core);
        future_to_promise(async move {
            let url = core.start_login().await.map_err(|e| from_core(&e))?;
            Ok(JsValue::from_str(&url))
        })
    }

    /// Starts a login and sends the browser to the provider.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn login(&self) -> Promise {
        let core = Rc::clone(&self.core);
        future_to_promise(async move {
            let url = core.start_login().await.map_err(|e| from_core(&e))?;
            navigate(&url).map_err(|e| from_core(&e))?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// On the redirect page: when the URL (default: the page's) carries the
    /// provider's answer, removes it from the address bar and the history first, then
    /// verifies it against this tab's login in progress (used up either way), exchanges
    /// a code, keeps and returns the session. Resolves to `null` when the URL carries
    /// no answer.
    #[wasm_bindgen(js_name = handleRedirect, unchecked_return_type = "Promise<Session | null>")]
    pub fn handle_redirect(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] url: JsValue,
    ) -> Promise {
        let url = match optional_text(&url, "url", crate::web::preferred_locale()) {
            Ok(url) => url,
            Err(error) => return Promise::reject(&error),
        };
        let core = Rc::clone(&self.core);
        future_to_promise(async move {
            let from_page = url.is_none();
            let url = match url {
                Some(url) => {
                    // A URL the page passed is checked before anything is looked for
                    // in it; the page's own is an http(s) one.
                    crate::oauth::callback::check_url(&url).map_err(|e| from_core(&e))?;
                    url
                }
                None => current_url().map_err(|e| from_core(&e))?,
            };
            if !crate::oauth::has_response(&url) {
                return Ok(JsValue::NULL);
            }
            if from_page {
                replace_url(&crate::oauth::clean_url(&url)).map_err(|e| from_core(&e))?;
            }
            let session = core.complete_login(&url).await.map_err(|e| from_core(&e))?;
            Ok(session_of(&session.view())?)
        })
    }

    /// The session kept (possibly expired: see `expiresAt`), or `null`.
    #[wasm_bindgen(unchecked_return_type = "Session | null")]
    pub fn session(&self) -> JsValue {
        self.core
            .session()
            .and_then(|s| session_of(&s.view()).ok())
            .unwrap_or(JsValue::NULL)
    }

    /// A session fit for a call: refreshed first if it expires within 30 s and can
    /// be; rejects with a `"session"` error otherwise.
    #[wasm_bindgen(js_name = validSession, unchecked_return_type = "Promise<Session>")]
    pub fn valid_session(&self) -> Promise {
        let core = Rc::clone(&self.core);
        future_to_promise(async move {
            let session = core.valid_session().await.map_err(|e| from_core(&e))?;
            Ok(session_of(&session.view())?)
        })
    }

    /// Renews the session with its refresh token now. Concurrent calls share one
    /// request; the provider's rotated tokens replace the old ones.
    #[wasm_bindgen(unchecked_return_type = "Promise<Session>")]
    pub fn refresh(&self) -> Promise {
        let core = Rc::clone(&self.core);
        future_to_promise(async move {
            let session = core.refresh().await.map_err(|e| from_core(&e))?;
            Ok(session_of(&session.view())?)
        })
    }

    /// Bitport's user-code grant: the code the user copied from the provider.
    #[wasm_bindgen(js_name = exchangeUserCode, unchecked_return_type = "Promise<Session>")]
    pub fn exchange_user_code(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Promise {
        let code = match text(&code, "code", crate::web::preferred_locale()) {
            Ok(code) => code,
            Err(error) => return Promise::reject(&error),
        };
        let core = Rc::clone(&self.core);
        future_to_promise(async move {
            let session = core
                .exchange_user_code(&code)
                .await
                .map_err(|e| from_core(&e))?;
            Ok(session_of(&session.view())?)
        })
    }

    /// The headers an authenticated request to the provider needs (`Authorization`,
    /// and Coins.ph's `nonce`), after the same checks as `validSession()`.
    #[wasm_bindgen(js_name = authHeaders, unchecked_return_type = "Promise<Record<string, string>>")]
    pub fn auth_headers(&self) -> Promise {
        let core = Rc::clone(&self.core);
        future_to_promise(async move {
            let session = core.valid_session().await.map_err(|e| from_core(&e))?;
            let headers = core.auth_headers(&session).into_iter();
            let headers = headers.fold(JsonObject::new(), |headers, (name, value)| {
                headers.text(name, &value)
            });
            Ok(headers.into_js()?)
        })
    }

    /// Forgets the session and any login in progress, in this tab and in the site's
    /// other tabs (they hear it through a `storage` event and log out too).
    pub fn logout(&self) {
        logout_everywhere(&self.core);
    }

    /// Calls `listener` when another tab of the site changes the session: with
    /// `null` when it logged out (this tab is logged out too), or with the new
    /// session when it logged in or refreshed one kept in localStorage. `null`
    /// removes the listener.
    #[wasm_bindgen(js_name = onChange)]
    pub fn on_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "((session: Session | null) => void) | null")]
        listener: JsValue,
    ) -> Result<(), BitcoinCentralError> {
        *self.listener.borrow_mut() =
            optional_function(&listener, "listener", crate::web::preferred_locale())?;
        Ok(())
    }

    /// How `client.setAuth(oauth)` recognises a live `OAuth` (not in the `.d.ts`).
    #[wasm_bindgen(getter = __bitcoinCentralOAuth, skip_typescript)]
    pub fn live_id(&self) -> u32 {
        self.id
    }

    /// The provider preset's id, or `"custom"`.
    #[wasm_bindgen(getter, unchecked_return_type = "ProviderId | \"custom\"")]
    pub fn provider(&self) -> String {
        self.core.config().quirks.id.to_owned()
    }

    /// The flow logins use.
    #[wasm_bindgen(getter, unchecked_return_type = "\"token\" | \"code\"")]
    pub fn flow(&self) -> String {
        self.core.config().flow.as_str().to_owned()
    }

    /// The scopes logins ask for.
    #[wasm_bindgen(getter)]
    pub fn scopes(&self) -> Vec<String> {
        self.core.config().scopes.clone()
    }

    /// The origin this login's tokens are for (`"https://bitcoin-central.net"`): a
    /// client whose `baseUrl` has another origin is refused the session (a `session`
    /// error, code `"wrong-origin"`) before it sends anything.
    #[wasm_bindgen(getter = resourceOrigin)]
    pub fn resource_origin(&self) -> String {
        self.core.config().resource_origin.clone()
    }
}

impl JsOAuth {
    pub(crate) fn core(&self) -> Rc<WebOAuth> {
        Rc::clone(&self.core)
    }
}

const OPTIONS: Kind = Kind::Object(OAuthOptions::SCHEMA);

thread_local! {
    /// Every `OAuth` made on this thread, by id: a JS value is one when its
    /// `__bitcoinCentralOAuth` getter names a live entry.
    static LIVE: RefCell<Vec<(u32, Weak<WebOAuth>)>> = const { RefCell::new(Vec::new()) };
}

/// The session of the `OAuth` object JS passed as `argument`, or the error saying
/// it is not one (anything else, or one already freed).
pub(crate) fn oauth_of(
    value: &JsValue,
    argument: &str,
    locale: Locale,
) -> Result<Rc<WebOAuth>, BitcoinCentralError> {
    let id = value
        .is_object()
        .then(|| js_sys::Reflect::get(value, &JsValue::from_str("__bitcoinCentralOAuth")).ok())
        .flatten()
        .and_then(|id| id.as_f64());
    let live = id.and_then(|id| {
        LIVE.with(|live| {
            live.borrow()
                .iter()
                .find(|(each, _)| f64::from(*each) == id)
                .and_then(|(_, oauth)| oauth.upgrade())
        })
    });
    live.ok_or_else(|| wrong(argument, Want::Instance("OAuth"), value, locale))
}

/// A session as JS sees it (`Session`).
fn session_of(view: &SessionView) -> Result<JsValue, BitcoinCentralError> {
    JsonObject::new()
        .text("provider", &view.provider)
        .text("accessToken", &view.access_token)
        .text("tokenType", &view.token_type)
        .opt_texts("scopes", Some(&view.scopes))
        .opt_int("expiresAt", view.expires_at.map(|ms| ms as i64))
        .bool("refreshable", view.refreshable)
        .opt_text("secretKey", view.secret_key.as_deref())
        .into_js()
}

const TEXT_OR_NULL: Kind = Kind::Optional(&Kind::Nullable(&Kind::Text));

/// The options of `parseCallback()` (`ParseCallbackOptions`).
static PARSE_OPTIONS: Schema = Schema {
    name: "ParseCallbackOptions",
    doc: "Options of `parseCallback()`.",
    fields: &[
        Field {
            wire: "provider",
            js: "provider",
            kind: TEXT_OR_NULL,
            doc: "",
        },
        Field {
            wire: "flow",
            js: "flow",
            kind: TEXT_OR_NULL,
            doc: "",
        },
    ],
    closed: true,
};

/// `provider` and `flow` of `parseCallback()`'s options.
fn parse_options(value: &JsValue) -> Result<(Option<String>, Option<String>), BitcoinCentralError> {
    const KIND: Kind = Kind::Optional(&Kind::Nullable(&Kind::Object(&PARSE_OPTIONS)));
    let text = |slot: Option<Node>| match slot {
        Some(Node::Text(text)) => Some(text),
        _ => None,
    };
    match read(value, &KIND, "options", crate::web::preferred_locale())? {
        Node::Object(slots) => {
            let mut slots = slots.into_iter();
            Ok((text(slots.next().flatten()), text(slots.next().flatten())))
        }
        _ => Ok((None, None)),
    }
}

/// Parses and verifies a login callback URL without touching the browser: checks
/// `state` first, then reads the provider's answer. Throws a `BitcoinCentralError`
/// (`"csrf"`, `"oauth"`, `"callback"`) when the callback is not a usable answer.
/// `options.flow` defaults to `"token"`, `options.provider` to a strict RFC 6749
/// provider.
#[wasm_bindgen(js_name = parseCallback, unchecked_return_type = "ParsedCallback")]
pub fn parse_callback(
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
    #[wasm_bindgen(js_name = expectedState, unchecked_param_type = "string")]
    expected_state: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ParseCallbackOptions | null")] options: JsValue,
) -> Result<JsValue, BitcoinCentralError> {
    let url = text(&url, "url", crate::web::preferred_locale())?;
    let expected_state = text(
        &expected_state,
        "expectedState",
        crate::web::preferred_locale(),
    )?;
    let (provider, flow) = parse_options(&options)?;
    let quirks = match provider.as_deref() {
        None | Some("custom") => &CUSTOM,
        Some(id) => Quirks::preset(id).ok_or_else(|| {
            from_core(&Error::InvalidArgument {
                name: "options.provider",
                reason: Text::NotAProvider {
                    id: id.to_owned(),
                    presets: Quirks::preset_names(),
                },
            })
        })?,
    };
    let flow = match flow.as_deref() {
        None => ResponseType::Token,
        Some(text) => ResponseType::parse(text).ok_or_else(|| {
            from_core(&Error::InvalidArgument {
                name: "options.flow",
                reason: Text::NotAFlow(text.to_owned()),
            })
        })?,
    };
    match crate::oauth::parse_callback(&url, &expected_state, flow, quirks)
        .map_err(|e| from_core(&e))?
    {
        Callback::Token {
            access_token,
            token_type,
            scopes,
            expires_in,
        } => JsonObject::new()
            .text("type", "token")
            .text("accessToken", &access_token)
            .text("tokenType", &token_type)
            .opt_texts("scopes", scopes.as_deref())
            .opt_int("expiresIn", expires_in.and_then(|s| i64::try_from(s).ok()))
            .into_js(),
        Callback::Code { code } => JsonObject::new()
            .text("type", "code")
            .text("code", &code)
            .into_js(),
    }
}
