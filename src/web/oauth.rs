//! The browser's part of OAuth: Web Crypto (randomness, SHA-256), sessionStorage and
//! localStorage (web-sys `Storage`, raw strings), the address bar and navigation, and
//! the `storage` events that keep the tabs of a site in step.
//!
//! Failures are reported with fixed messages, never by formatting a `JsValue` or a
//! float: `Debug` of a `JsValue` and `f64` `Display` would each bring their machinery
//! into the wasm.

use std::future::Future;
use std::rc::Rc;

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::error::{Error, Text};
use crate::messages::Lack;
use crate::oauth::{MemoryStore, OAuth, OAuthConfig, Platform, Session, StorageKind, Store};
use crate::web::FetchTransport;

/// OAuth in the browser.
pub type WebOAuth = OAuth<FetchTransport, WebPlatform>;

/// A browser configuration: sessions where the options say, logins in progress in
/// this tab's sessionStorage (they must survive the trip to the provider). A worker
/// has no sessionStorage and makes no trip (its page shows the consent page and hands
/// the callback URL to `handleRedirect(url)`): its logins in progress stay in its
/// memory.
pub fn web_oauth(config: OAuthConfig) -> WebOAuth {
    let sessions: Box<dyn Store> = match config.storage {
        StorageKind::Session => Box::new(BrowserStore::Session),
        StorageKind::Local => Box::new(BrowserStore::Local),
        StorageKind::Memory => Box::new(MemoryStore::default()),
    };
    let pending: Box<dyn Store> = if web_sys::window().is_some() {
        Box::new(BrowserStore::Session)
    } else {
        Box::new(MemoryStore::default())
    };
    OAuth::new(config, FetchTransport, WebPlatform, sessions, pending)
}

/// A browser API this environment lacks or refused: an `invalid-argument` error on
/// `environment`, with a fixed message.
fn unavailable(lack: Lack) -> Error {
    Error::InvalidArgument {
        name: "environment",
        reason: Text::Unavailable(lack),
    }
}

fn crypto() -> Result<web_sys::Crypto, Error> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::Crypto>().ok())
        .ok_or_else(|| unavailable(Lack::Crypto))
}

/// The clock, `crypto.getRandomValues` and `crypto.subtle.digest`.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebPlatform;

impl Platform for WebPlatform {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random_bytes(&self, buffer: &mut [u8]) -> Result<(), Error> {
        crypto()?
            .get_random_values_with_u8_array(buffer)
            .map(|_| ())
            .map_err(|_| unavailable(Lack::RandomValues))
    }

    async fn sha256(&self, data: &[u8]) -> Result<Vec<u8>, Error> {
        // crypto.subtle exists only in secure contexts (https, or http://localhost).
        let promise = crypto()?
            .subtle()
            .digest_with_str_and_u8_array("SHA-256", data)
            .map_err(|_| unavailable(Lack::SecureContext))?;
        let digest = JsFuture::from(promise)
            .await
            .map_err(|_| unavailable(Lack::Digest))?;
        Ok(Uint8Array::new(&digest).to_vec())
    }

    async fn exclusive<T>(&self, name: &str, work: impl Future<Output = T>) -> T {
        // No Web Locks here (an old browser, Node): the work runs as it is.
        let _held = WebLock::take(name).await;
        work.await
    }
}

/// A Web Lock held until dropped (`navigator.locks.request(name, callback)` holds it
/// while the promise the callback returns is pending: dropping this settles it, even
/// when the work was abandoned half-way).
struct WebLock {
    release: js_sys::Function,
    _on_failure: Closure<dyn FnMut(JsValue)>,
}

impl WebLock {
    /// Waits for the lock `name`; `None` where there are no Web Locks, or the request
    /// failed.
    async fn take(name: &str) -> Option<WebLock> {
        let navigator = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).ok()?;
        let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
        let request = Reflect::get(&locks, &JsValue::from_str("request"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        // The lock's promise, pending until `release` is called.
        let mut release = None;
        let held = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
        let release = release?;
        // Resolved with true once the lock is granted (the callback runs), or with
        // false when the request fails.
        let mut granted = None;
        let granted_promise = js_sys::Promise::new(&mut |resolve, _| granted = Some(resolve));
        let granted = granted?;
        let on_grant = granted.clone();
        let callback = Closure::once_into_js(move |_lock: JsValue| {
            let _ = on_grant.call1(&JsValue::UNDEFINED, &JsValue::TRUE);
            held
        });
        let requested = request
            .call2(&locks, &JsValue::from_str(name), &callback)
            .ok()?
            .dyn_into::<js_sys::Promise>()
            .ok()?;
        let on_failure = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            let _ = granted.call1(&JsValue::UNDEFINED, &JsValue::FALSE);
        });
        let _ = requested.catch(&on_failure);
        // Kept with the lock: the request's promise settles only once it is released.
        let lock = WebLock {
            release,
            _on_failure: on_failure,
        };
        match JsFuture::from(granted_promise).await {
            Ok(yes) if yes.is_truthy() => Some(lock),
            _ => None,
        }
    }
}

impl Drop for WebLock {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::UNDEFINED);
    }
}

/// sessionStorage or localStorage, as raw strings.
///
/// Where there is none (a worker; a page whose storage the browser blocks), reading
/// finds nothing, removing does nothing and writing fails with an `invalid-argument`
/// error naming the storage: never a panic or a JS exception.
#[derive(Debug, Clone, Copy)]
pub enum BrowserStore {
    /// `sessionStorage`: this tab, until it closes.
    Session,
    /// `localStorage`: every tab of the origin, across restarts.
    Local,
}

impl BrowserStore {
    /// `window.sessionStorage` or `window.localStorage`: none in a worker (no
    /// window), `null` or a `SecurityError` where the browser blocks storage (cookies
    /// disabled, a sandboxed iframe).
    fn find(self) -> Option<web_sys::Storage> {
        let window = web_sys::window()?;
        match self {
            BrowserStore::Session => window.session_storage(),
            BrowserStore::Local => window.local_storage(),
        }
        .ok()
        .flatten()
    }

    /// [`find`](Self::find), or the error that says which storage is missing.
    fn storage(self) -> Result<web_sys::Storage, Error> {
        self.find().ok_or_else(|| {
            unavailable(match self {
                BrowserStore::Session => Lack::SessionStorage,
                BrowserStore::Local => Lack::LocalStorage,
            })
        })
    }
}

impl Store for BrowserStore {
    fn get(&self, key: &str) -> Option<String> {
        self.find()?.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), Error> {
        self.storage()?
            .set_item(key, value)
            .map_err(|_| unavailable(Lack::StorageFull))
    }

    fn remove(&self, key: &str) {
        if let Some(storage) = self.find() {
            let _ = storage.remove_item(key);
        }
    }
}

fn window() -> Result<web_sys::Window, Error> {
    web_sys::window().ok_or_else(|| unavailable(Lack::Window))
}

/// The page's URL.
pub fn current_url() -> Result<String, Error> {
    window()?
        .location()
        .href()
        .map_err(|_| unavailable(Lack::Location))
}

/// Replaces the current history entry's URL (no new entry, no navigation).
pub fn replace_url(url: &str) -> Result<(), Error> {
    window()?
        .history()
        .and_then(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(url)))
        .map_err(|_| unavailable(Lack::History))
}

/// Sends the browser to `url`.
pub fn navigate(url: &str) -> Result<(), Error> {
    window()?
        .location()
        .assign(url)
        .map_err(|_| unavailable(Lack::Navigation))
}

/// The localStorage key a logout writes (and removes at once) so that the site's
/// other tabs log out too: their sessions may be in their own sessionStorage, out of
/// this tab's reach. It holds only a time, never a token.
fn logout_signal_key(config: &OAuthConfig) -> String {
    config.storage_key("logout")
}

/// Logs out in this tab and tells the site's other tabs to do the same (where there
/// is no localStorage, as in a worker, there are no other tabs to tell).
pub fn logout_everywhere(oauth: &WebOAuth) {
    oauth.logout();
    let Some(storage) = BrowserStore::Local.find() else {
        return;
    };
    let key = logout_signal_key(oauth.config());
    // Other tabs get a `storage` event for each change; the value must differ from
    // any earlier one for the first to fire. The time in whole milliseconds, written
    // as an integer: f64 `Display` would bring the float formatter into the wasm. The
    // cast saturates (NaN and negatives give 0), so it needs no check.
    let stamp = (js_sys::Date::now() as u64).to_string();
    let _ = storage.set_item(&key, &stamp);
    let _ = storage.remove_item(&key);
}

/// Keeps one `OAuth` in step with the site's other tabs while it lives: when another
/// tab logs out, this one does; when another tab changes a session kept in
/// localStorage (a login, a refresh that rotated the tokens), this one reads it
/// afresh instead of calling with revoked tokens. `changed` hears of each change.
pub struct TabSync {
    window: web_sys::Window,
    listener: Closure<dyn FnMut(web_sys::StorageEvent)>,
}

impl TabSync {
    /// `None` outside a window (a worker has no other tabs to hear from).
    pub fn watch(oauth: Rc<WebOAuth>, changed: Box<dyn Fn(Option<Session>)>) -> Option<TabSync> {
        let window = web_sys::window()?;
        let session_key = oauth.config().storage_key("session");
        let signal_key = logout_signal_key(oauth.config());
        let shared_sessions = oauth.config().storage == StorageKind::Local;
        let listener = Closure::<dyn FnMut(web_sys::StorageEvent)>::new(
            move |event: web_sys::StorageEvent| {
                let from_local = event
                    .storage_area()
                    .is_some_and(|area| BrowserStore::Local.find().is_some_and(|l| area == l));
                if !from_local {
                    return;
                }
                match event.key() {
                    // The signal's removal (no new value) is not a second logout.
                    Some(key) if key == signal_key && event.new_value().is_some() => {
                        oauth.logout();
                        changed(None);
                    }
                    // localStorage.clear() (key null) or this session's own key.
                    None if shared_sessions => {
                        oauth.forget_cached();
                        changed(oauth.session());
                    }
                    Some(key) if shared_sessions && key == session_key => {
                        oauth.forget_cached();
                        changed(oauth.session());
                    }
                    _ => {}
                }
            },
        );
        window
            .add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref())
            .ok()?;
        Some(TabSync { window, listener })
    }
}

impl Drop for TabSync {
    fn drop(&mut self) {
        let _ = self
            .window
            .remove_event_listener_with_callback("storage", self.listener.as_ref().unchecked_ref());
    }
}
