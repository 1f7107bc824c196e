//! The OAuth2 endpoints, as the spec's "Authentication" section describes
//! Bitcoin-Central's: a consent page at `/api/oauth/authorize` for the code and
//! implicit flows (`GET` shows it, `POST` is the user's decision), `/api/oauth/token`
//! for codes and refresh tokens (a form, or JSON as the spec's general section asks),
//! and the spec's test redirect URI, `/page/oauth/test`: an answer for it is a page
//! showing the code, with a copy button ([`copy_script`]), instead of a redirect.
//! Requests are read and checked here; the grants are kept by [`crate::domain::authz`].
//!
//! Everything said in words is in the request's language (`Accept-Language`): the
//! pages, and the `error_description`s, in printable ASCII as RFC 6749 requires
//! ([`AuthText::description`]). `scope=trading` (the name the spec's table for
//! canceling orders gives it) is read as `trade`, and the consent page says so.
//!
//! Tokens, codes and secrets never reach a log line or an error message.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE, HOST, ORIGIN,
    PRAGMA, SET_COOKIE, WWW_AUTHENTICATE, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::domain::accounts::DEMO;
use crate::domain::authz::{
    Approval, AuthServer, Issued, OAuthClient, SCOPES, TEST_PATH, TokenRefusal,
};
use crate::domain::consent;
use crate::domain::i18n::{AuthText, Lang};
use crate::domain::sandbox::Sandbox;
use crate::http::lang;
use crate::http::respond::json;

/// Fetch metadata: where the request comes from, as the browser saw it.
const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// Form or query pairs (the first value of each name), and the first name given more
/// than once, which RFC 6749 §3.1 forbids.
fn pairs(bytes: &[u8]) -> (HashMap<String, String>, Option<String>) {
    let mut map = HashMap::new();
    let mut repeated = None;
    for (key, value) in form_urlencoded::parse(bytes) {
        if map.contains_key(key.as_ref()) {
            repeated.get_or_insert_with(|| key.into_owned());
        } else {
            map.insert(key.into_owned(), value.into_owned());
        }
    }
    (map, repeated)
}

/// Text from a request, fit for an `error_description` (RFC 6749 §4.1.2.1, §5.2:
/// printable ASCII but `"` and `\`) and kept short.
fn printable(text: &str) -> String {
    let mut safe: String = text
        .chars()
        .filter(|c| matches!(c, ' '..='~') && !matches!(c, '"' | '\\'))
        .take(40)
        .collect();
    if text.chars().count() > 40 {
        safe.push_str("...");
    }
    safe
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Appends an answer to a redirect URI: in the fragment for the implicit flow, in the
/// query for the code flow.
fn answer_url(redirect_uri: &str, in_fragment: bool, params: &[(&str, &str)]) -> String {
    let mut encoded = form_urlencoded::Serializer::new(String::new());
    for (key, value) in params {
        encoded.append_pair(key, value);
    }
    let encoded = encoded.finish();
    if in_fragment {
        format!("{redirect_uri}#{encoded}")
    } else {
        let separator = if redirect_uri.contains('?') { '&' } else { '?' };
        format!("{redirect_uri}{separator}{encoded}")
    }
}

/// A checked authorization request.
struct Authorization {
    client_id: String,
    redirect_uri: String,
    implicit: bool,
    scopes: Vec<String>,
    state: Option<String>,
    challenge: Option<String>,
    /// The redirect URI is the test one: answers are shown on a page of ours.
    test_page: bool,
    /// `trading` was asked for, and read as `trade`.
    trading: bool,
}

impl Authorization {
    fn answer(&self, lang: Lang, params: &[(&str, &str)]) -> Response {
        let mut params = params.to_vec();
        if let Some(state) = &self.state {
            params.push(("state", state));
        }
        if self.test_page {
            return answer_page(lang, &params);
        }
        Redirect::to(&answer_url(&self.redirect_uri, self.implicit, &params)).into_response()
    }
}

/// Why an authorization request is refused: on a page of ours (the client or the
/// redirect URI cannot be trusted), or back at the client with an error code (on the
/// test page, for the test redirect URI).
enum Refused {
    Page(AuthText),
    Redirect {
        redirect_uri: String,
        in_fragment: bool,
        state: Option<String>,
        error: &'static str,
        description: AuthText,
        test_page: bool,
    },
}

impl Refused {
    fn into_response(self, lang: Lang) -> Response {
        match self {
            Refused::Page(reason) => html(
                StatusCode::BAD_REQUEST,
                error_page(lang, &reason.text(lang)),
                "'none'",
                false,
            ),
            Refused::Redirect {
                redirect_uri,
                in_fragment,
                state,
                error,
                description,
                test_page,
            } => {
                let description = description.description(lang);
                let mut params = vec![
                    ("error", error),
                    ("error_description", description.as_str()),
                ];
                if let Some(state) = &state {
                    params.push(("state", state));
                }
                if test_page {
                    return answer_page(lang, &params);
                }
                Redirect::to(&answer_url(&redirect_uri, in_fragment, &params)).into_response()
            }
        }
    }
}

/// Checks an authorization request (RFC 6749 §4.1.1, §4.2.1; RFC 7636 §4.3). Problems
/// with the client or the redirect URI are shown on a page of ours; any other goes
/// back to the client's redirect URI.
fn check(
    server: &AuthServer,
    (params, repeated): (HashMap<String, String>, Option<String>),
) -> Result<Authorization, Refused> {
    let (client, redirect_uri) = trusted_redirect(server, &params, repeated.as_deref())?;
    let test_page = server.is_test_uri(&redirect_uri);
    let field = |name: &str| params.get(name).filter(|v| !v.is_empty()).cloned();
    let state = field("state");
    let response_type = params
        .get("response_type")
        .map(String::as_str)
        .unwrap_or("");
    let implicit = response_type == "token";
    let refuse = |error, description: AuthText| Refused::Redirect {
        redirect_uri: redirect_uri.clone(),
        in_fragment: implicit,
        state: state.clone(),
        error,
        description,
        test_page,
    };
    if let Some(name) = repeated {
        return Err(refuse(
            "invalid_request",
            AuthText::RepeatedParameter(printable(&name)),
        ));
    }
    if response_type != "token" && response_type != "code" {
        return Err(refuse(
            "unsupported_response_type",
            AuthText::ResponseType(printable(response_type)),
        ));
    }
    let (scopes, trading) =
        requested_scopes(&params).map_err(|problem| refuse("invalid_scope", problem))?;
    // The implicit flow ignores PKCE.
    let challenge = if implicit {
        None
    } else {
        let challenge = field("code_challenge");
        let method = field("code_challenge_method");
        let public = client.secret.is_none();
        if let Some(problem) = pkce_problem(challenge.as_deref(), method.as_deref(), public) {
            return Err(refuse("invalid_request", problem));
        }
        challenge
    };
    Ok(Authorization {
        client_id: client.id.clone(),
        redirect_uri,
        implicit,
        scopes,
        state,
        challenge,
        test_page,
        trading,
    })
}

/// The request's client and the redirect URI to answer at, if both can be trusted:
/// a registered client, and one of its redirect URIs, given exactly (or its only
/// one), or a loopback one if the client takes them ([`OAuthClient::accepts`]).
/// Without them there is nowhere safe to redirect to, so the refusal is a page.
fn trusted_redirect<'a>(
    server: &'a AuthServer,
    params: &HashMap<String, String>,
    repeated: Option<&str>,
) -> Result<(&'a OAuthClient, String), Refused> {
    if let Some(name) = repeated.filter(|name| ["client_id", "redirect_uri"].contains(name)) {
        return Err(Refused::Page(AuthText::RepeatedParameter(name.to_owned())));
    }
    let client_id = params.get("client_id").map_or("", String::as_str);
    let Some(client) = server.client(client_id) else {
        return Err(Refused::Page(if client_id.is_empty() {
            AuthText::NoClientId
        } else {
            AuthText::UnknownClient(client_id.to_owned())
        }));
    };
    let redirect_uri = match params.get("redirect_uri").filter(|uri| !uri.is_empty()) {
        Some(uri) if client.accepts(uri) => uri.clone(),
        Some(uri) => {
            return Err(Refused::Page(AuthText::UnregisteredRedirect {
                uri: uri.clone(),
                client: client_id.to_owned(),
                loopback: client.loopback,
            }));
        }
        None if client.redirect_uris.len() == 1 => client.redirect_uris[0].clone(),
        None => return Err(Refused::Page(AuthText::NoRedirectUri)),
    };
    Ok((client, redirect_uri))
}

/// The scopes asked for (space-separated, each once), `basic` if none, and whether
/// `trading` was read as `trade`; or why one is not a scope of the spec's.
///
/// The spec's scope table names `trade`, its table for canceling orders `trading`:
/// the same scope, so `trading` is taken for `trade` (and granted as `trade`).
fn requested_scopes(params: &HashMap<String, String>) -> Result<(Vec<String>, bool), AuthText> {
    let mut scopes: Vec<String> = Vec::new();
    let mut trading = false;
    for scope in params.get("scope").into_iter().flat_map(|s| s.split(' ')) {
        let scope = if scope == "trading" {
            trading = true;
            "trade"
        } else {
            scope
        };
        if !scope.is_empty() && !scopes.iter().any(|s| s == scope) {
            scopes.push(scope.to_owned());
        }
    }
    if let Some(unknown) = scopes
        .iter()
        .find(|s| !SCOPES.iter().any(|(name, ..)| name == s))
    {
        return Err(AuthText::UnknownScope(printable(unknown)));
    }
    if scopes.is_empty() {
        scopes.push("basic".into());
    }
    Ok((scopes, trading))
}

/// What is wrong with a code-flow request's PKCE (RFC 7636 §4.3), if anything: S256
/// only (without a method the challenge would be plain, which is refused), a
/// challenge that is a base64url SHA-256 digest, and no request without PKCE from a
/// public client.
fn pkce_problem(challenge: Option<&str>, method: Option<&str>, public: bool) -> Option<AuthText> {
    match (challenge, method) {
        (_, Some(method)) if method != "S256" => Some(AuthText::ChallengeMethod(printable(method))),
        (Some(_), None) => Some(AuthText::PlainChallenge),
        (None, Some(_)) => Some(AuthText::MethodWithoutChallenge),
        (Some(c), Some(_)) if c.len() != 43 || URL_SAFE_NO_PAD.decode(c).is_err() => {
            Some(AuthText::BadChallenge)
        }
        (None, None) if public => Some(AuthText::PkceRequired),
        _ => None,
    }
}

/// `GET /api/oauth/authorize`: the consent page.
pub async fn authorize(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = lang::negotiate(&headers);
    let query = query.unwrap_or_default();
    let checked = check(&sandbox.auth(), pairs(query.as_bytes()));
    match checked {
        Err(refused) => refused.into_response(lang),
        Ok(request) => {
            let name = sandbox
                .accounts()
                .get(DEMO)
                .map(|a| a.name.clone())
                .unwrap_or_default();
            let form_action = match csp_origin(&request.redirect_uri) {
                Some(origin) => format!("'self' {origin}"),
                None => "'self'".to_owned(),
            };
            let session = consent_session(&headers)
                .filter(|s| consent::is_session(s))
                .map_or_else(consent::random_value, str::to_owned);
            let now = sandbox.now_ms();
            let token = sandbox.auth().consent_tokens().issue(&session, now);
            let mut response = html(
                StatusCode::OK,
                consent_page(lang, &request, &name, &query, &token),
                &form_action,
                false,
            );
            let cookie =
                format!("{CONSENT_COOKIE}={session}; Path=/api/oauth; HttpOnly; SameSite=Strict");
            if let Ok(cookie) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(SET_COOKIE, cookie);
            }
            response
        }
    }
}

/// The cookie that holds the browser's consent session ([`crate::domain::consent`]).
pub const CONSENT_COOKIE: &str = "bc_consent";
/// The consent form's field that holds its one-time token.
pub const CONSENT_FIELD: &str = "csrf_token";

/// The consent session the request's cookie names, if any.
fn consent_session(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(CONSENT_COOKIE)?.strip_prefix('='))
}

/// Whether the page that posted a decision may decide, from what the browser says
/// of it. `Sec-Fetch-Site` first, which no page can set: `same-origin` is a page of
/// the origin the browser reached the sandbox at (its own consent page, whose
/// `Referrer-Policy: no-referrer` makes the form say `Origin: null`, or the page
/// of a proxy in front of it, such as a dev server's); `same-site` or `cross-site`
/// only from an origin the developer trusts (`--trust-origin`). Without it (an
/// older browser, or a proxy that drops it, as Playwright's `route.fetch` does),
/// the `Origin`: the sandbox's own, the `Host` it was asked at, or a trusted one.
/// Without either, or with `Origin: null` (the consent page's own form, through
/// such a proxy), only the token says: it is bound to the browser's `SameSite=Strict`
/// cookie, and no page of another origin can read it (curl and Node's fetch pass
/// that way too).
fn trusted_poster(sandbox: &Sandbox, headers: &HeaderMap) -> bool {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let origin = header(ORIGIN);
    let trusted = origin.is_some_and(|o| sandbox.trusts_origin(o));
    match header(SEC_FETCH_SITE) {
        Some("same-origin") => true,
        Some("same-site" | "cross-site") => trusted,
        _ => match origin {
            None | Some("null") => true,
            Some(origin) => {
                trusted
                    || sandbox.is_own_origin(origin)
                    || header(HOST).is_some_and(|host| {
                        origin
                            .strip_prefix("http://")
                            .or_else(|| origin.strip_prefix("https://"))
                            == Some(host)
                    })
            }
        },
    }
}

/// A decision refused because its poster or its token cannot be trusted: an error
/// page, never a redirect (no code, no error sent to the redirect URI).
fn forged(lang: Lang, reason: AuthText) -> Response {
    html(
        StatusCode::FORBIDDEN,
        error_page(lang, &reason.text(lang)),
        "'none'",
        false,
    )
}

/// The consent, error and test pages: HTML, never cached, never in a frame (RFC 6749
/// §10.13: a framed consent page could be clicked through without the user seeing).
///
/// Their policy allows nothing but their own `<style>`, by its hash (no
/// `'unsafe-inline'`), the sandbox's icon ([`crate::handlers::favicon`]: without
/// one a browser asks for `/favicon.ico` anyway, and WebKit reports the refusal as a
/// policy violation), the form's target, and for the test page its copy button's
/// script file: `form_action` is `'self' <origin>` for the consent page, whose form
/// posts here and is then redirected to the client's registered redirect URI, maybe
/// on another origin (Chrome applies `form-action` to the redirects of a form's
/// submission too), and `'none'` for the pages without a form; `script` adds
/// `script-src 'self'` (the file [`copy_script`]; no inline script, no `eval`).
fn html(status: StatusCode, page: String, form_action: &str, script: bool) -> Response {
    let script = if script { "script-src 'self'; " } else { "" };
    let policy = format!(
        "default-src 'none'; {script}style-src '{}'; img-src 'self'; base-uri 'none'; \
         form-action {form_action}; frame-ancestors 'none'",
        style_hash()
    );
    let mut response = (status, Html(page)).into_response();
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// The CSP hash source of the pages' `<style>` (`sha256-…`).
fn style_hash() -> String {
    format!("sha256-{}", STANDARD.encode(Sha256::digest(STYLE)))
}

/// The origin of an http(s) URI as a CSP source (`http://127.0.0.1:8080`), if it is a
/// plain host and port.
fn csp_origin(uri: &str) -> Option<String> {
    let (scheme, rest) = uri.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let plain = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    plain.then(|| format!("{scheme}://{host}"))
}

/// `POST /api/oauth/authorize`: the user's decision.
///
/// Taken only from a page that may decide ([`trusted_poster`]) and with the form's
/// one-time token for the session of the request's cookie; anything else is a 403
/// page and no redirect.
pub async fn decide(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = lang::negotiate(&headers);
    if !trusted_poster(&sandbox, &headers) {
        return forged(lang, AuthText::ConsentCrossOrigin);
    }
    let (mut params, repeated) = pairs(&body);
    let token = params.remove(CONSENT_FIELD).unwrap_or_default();
    let now = sandbox.now_ms();
    let session = consent_session(&headers).unwrap_or_default();
    if !sandbox.auth().consent_tokens().redeem(&token, session, now) {
        return forged(lang, AuthText::ConsentForged);
    }
    let decision = params.remove("decision");
    let checked = check(&sandbox.auth(), (params, repeated));
    let request = match checked {
        Err(refused) => return refused.into_response(lang),
        Ok(request) => request,
    };
    if decision.as_deref() != Some("approve") {
        let denied = AuthText::Denied.description(lang);
        return request.answer(
            lang,
            &[("error", "access_denied"), ("error_description", &denied)],
        );
    }
    let mut server = sandbox.auth();
    if request.implicit {
        let token = server.grant_implicit(&request.client_id, &request.scopes, DEMO, now);
        let ttl = server.token_ttl_secs().to_string();
        let scope = request.scopes.join(" ");
        drop(server);
        return request.answer(
            lang,
            &[
                ("access_token", &token),
                ("token_type", "bearer"),
                ("expires_in", &ttl),
                ("scope", &scope),
            ],
        );
    }
    let approval = Approval {
        client_id: &request.client_id,
        redirect_uri: &request.redirect_uri,
        scopes: &request.scopes,
        challenge: request.challenge.as_deref(),
        account: DEMO,
    };
    let code = server.grant_code(approval, now);
    drop(server);
    request.answer(lang, &[("code", &code)])
}

/// An RFC 6749 §5.2 error answer.
fn token_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut response = json(
        status,
        &json!({ "error": error, "error_description": description }),
    );
    no_store(response.headers_mut());
    response
}

fn no_store(headers: &mut HeaderMap) {
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
}

/// The client's credentials: HTTP Basic, or `client_id` (+ `client_secret`) in the form.
fn client_credentials(
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> (Option<String>, Option<String>, bool) {
    let basic = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        })
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok());
    if let Some((id, secret)) = basic.as_deref().and_then(|b| b.split_once(':')) {
        let decode = |s: &str| {
            form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
        };
        return (decode(id), decode(secret), true);
    }
    (
        form.get("client_id").cloned(),
        form.get("client_secret").cloned(),
        false,
    )
}

/// `POST /api/oauth/token`: a code (`grant_type=authorization_code`) or a refresh
/// token (`grant_type=refresh_token`) exchanged for an access token and a refresh
/// token, by an authenticated client. The parameters come as a form (RFC 6749 §4.1.3,
/// the spec's curl examples) or as a JSON object of strings (the spec's general
/// section: "It expects parameters to be passed in JSON with the correct
/// `Content-Type: application/json` being set").
pub async fn token(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = lang::negotiate(&headers);
    let form = match token_params(&headers, &body) {
        Ok(form) => form,
        Err(bad) => return bad.respond(lang),
    };
    let (client_id, secret, basic) = client_credentials(&headers, &form);
    let now = sandbox.now_ms();
    let mut server = sandbox.auth();
    let client_id = match authenticate_client(&server, client_id.as_deref(), secret.as_deref()) {
        Ok(client) => client.id.clone(),
        Err(description) => return invalid_client(basic, &description.description(lang)),
    };
    match redeem(&mut server, &client_id, &form, now) {
        Ok(issued) => granted(&server, &issued),
        Err(bad) => bad.respond(lang),
    }
}

/// A token request refused with 400 (RFC 6749 §5.2): its error code and description.
struct BadTokenRequest {
    error: &'static str,
    description: AuthText,
}

impl BadTokenRequest {
    fn invalid_request(description: AuthText) -> Self {
        BadTokenRequest {
            error: "invalid_request",
            description,
        }
    }

    fn respond(self, lang: Lang) -> Response {
        token_error(
            StatusCode::BAD_REQUEST,
            self.error,
            &self.description.description(lang),
        )
    }
}

impl From<TokenRefusal> for BadTokenRequest {
    fn from(TokenRefusal { error, description }: TokenRefusal) -> Self {
        BadTokenRequest { error, description }
    }
}

/// A JSON object's members in their order, a name given twice kept twice (serde's
/// maps keep the last one, silently).
struct Members(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Object;
        impl<'de> Visitor<'de> for Object {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, Value>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(Object)
    }
}

/// The parameters of a token request, each name once: a form
/// (`application/x-www-form-urlencoded`) or a JSON object of strings
/// (`application/json`; `null` is a parameter left out). Without a `Content-Type`,
/// JSON if the body looks like an object, else a form, as for orders.
fn token_params(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<HashMap<String, String>, BadTokenRequest> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("?").to_ascii_lowercase());
    let essence = content_type
        .as_deref()
        .map(|t| t.split(';').next().unwrap_or("").trim());
    let is_json = match essence {
        Some("application/json") => true,
        Some("application/x-www-form-urlencoded") => false,
        None | Some("") => body.trim_ascii_start().starts_with(b"{"),
        Some(_) => return Err(BadTokenRequest::invalid_request(AuthText::TokenBody)),
    };
    let repeated =
        |name: &str| BadTokenRequest::invalid_request(AuthText::RepeatedParameter(printable(name)));
    if !is_json {
        return match pairs(body) {
            (form, None) => Ok(form),
            (_, Some(name)) => Err(repeated(&name)),
        };
    }
    let Members(members) = serde_json::from_slice(body)
        .map_err(|_| BadTokenRequest::invalid_request(AuthText::TokenJson))?;
    let mut params = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for (name, value) in members {
        if !seen.insert(name.clone()) {
            return Err(repeated(&name));
        }
        match value {
            Value::Null => {}
            Value::String(text) => {
                params.insert(name, text);
            }
            _ => {
                return Err(BadTokenRequest::invalid_request(AuthText::NotAString(
                    printable(&name),
                )));
            }
        }
    }
    Ok(params)
}

/// The client a token request comes from: registered and, if it has a secret, with
/// that secret (RFC 6749 §2.3.1). Else why not, for a 401.
fn authenticate_client<'a>(
    server: &'a AuthServer,
    client_id: Option<&str>,
    secret: Option<&str>,
) -> Result<&'a OAuthClient, AuthText> {
    let client = client_id
        .and_then(|id| server.client(id))
        .ok_or(AuthText::UnknownClientCredentials)?;
    match (client.secret.as_deref(), secret) {
        (Some(expected), Some(given)) if expected == given => Ok(client),
        (Some(_), _) => Err(AuthText::WrongSecret),
        (None, _) => Ok(client),
    }
}

/// The tokens a grant gives: a code or a refresh token redeemed for `client_id`.
fn redeem(
    server: &mut AuthServer,
    client_id: &str,
    form: &HashMap<String, String>,
    now_ms: i64,
) -> Result<Issued, BadTokenRequest> {
    let field = |name: &str| form.get(name).map(String::as_str).filter(|v| !v.is_empty());
    match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let code = field("code")
                .ok_or_else(|| BadTokenRequest::invalid_request(AuthText::MissingCode))?;
            let (redirect_uri, verifier) = (field("redirect_uri"), field("code_verifier"));
            Ok(server.redeem_code(client_id, code, redirect_uri, verifier, now_ms)?)
        }
        Some("refresh_token") => {
            let token = field("refresh_token")
                .ok_or_else(|| BadTokenRequest::invalid_request(AuthText::MissingRefreshToken))?;
            Ok(server.redeem_refresh_token(client_id, token, now_ms)?)
        }
        Some(other) => Err(BadTokenRequest {
            error: "unsupported_grant_type",
            description: AuthText::UnsupportedGrant(printable(other)),
        }),
        None => Err(BadTokenRequest::invalid_request(AuthText::MissingGrantType)),
    }
}

fn invalid_client(basic: bool, description: &str) -> Response {
    let mut response = token_error(StatusCode::UNAUTHORIZED, "invalid_client", description);
    if basic {
        response.headers_mut().insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"sandbox\""),
        );
    }
    response
}

fn granted(server: &AuthServer, issued: &Issued) -> Response {
    let mut response = json(
        StatusCode::OK,
        &json!({
            "access_token": issued.access_token,
            "token_type": "bearer",
            "expires_in": server.token_ttl_secs(),
            "refresh_token": issued.refresh_token,
            "scope": issued.scopes.join(" "),
        }),
    );
    no_store(response.headers_mut());
    response
}

const STYLE: &str = "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;background:#f5f6f8;color:#1b1f24}\
main{max-width:30rem;margin:8vh auto;padding:1.5rem;background:#fff;border:1px solid #e3e6ea;border-radius:12px}\
h1{font-size:1.25rem;margin:0 0 .25rem}p{line-height:1.45}.muted{color:#5b6470;font-size:.9rem}\
ul{padding:0;list-style:none}li{padding:.55rem 0;border-bottom:1px solid #e3e6ea}li b{display:block}\
.buttons{display:flex;gap:.75rem;margin-top:1.25rem}button{flex:1;font:inherit;font-weight:600;padding:.65rem;border-radius:8px;cursor:pointer;border:1px solid #b35900}\
#approve{background:#b35900;color:#fff}#deny{background:#fff;color:#b35900}.badge{display:inline-block;font-size:.75rem;font-weight:700;color:#fff;background:#b35900;border-radius:999px;padding:.1rem .5rem}\
.note{display:block;margin-top:.2rem}.value{display:flex;gap:.5rem;align-items:stretch;margin:1rem 0}\
code{flex:1;font:600 .95rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all;background:#f5f6f8;border:1px solid #e3e6ea;border-radius:8px;padding:.6rem}\
#copy{flex:0 0 auto;background:#b35900;color:#fff;padding:.6rem 1rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;font-size:.9rem}dt{color:#5b6470}dd{margin:0;word-break:break-all}";

/// The sandbox badge of the pages.
fn badge(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "<span class=\"badge\">sandbox</span>",
        Lang::Fr => "<span class=\"badge\">bac à sable</span>",
    }
}

fn page(lang: Lang, title: &str, body: &str) -> String {
    let tag = match lang {
        Lang::En => "en",
        Lang::Fr => "fr",
    };
    format!(
        "<!DOCTYPE html><html lang=\"{tag}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"icon\" href=\"/favicon.ico\" type=\"image/svg+xml\"><style>{STYLE}</style></head><body><main>{body}</main></body></html>"
    )
}

fn consent_page(
    lang: Lang,
    request: &Authorization,
    account: &str,
    query: &str,
    token: &str,
) -> String {
    let (title, intro, asks, approve, deny, note, trading) = match lang {
        Lang::En => (
            "Authorize application",
            "wants to access your Bitcoin-Central account",
            "It asks to:",
            "Approve",
            "Deny",
            "Sandbox exchange: no real account or money is involved.",
            "Asked for as “trading”, the name the spec's table for canceling orders gives it: the same scope, granted as trade.",
        ),
        Lang::Fr => (
            "Autoriser l'application",
            "souhaite accéder à votre compte Bitcoin-Central",
            "Elle demande à :",
            "Autoriser",
            "Refuser",
            "Bac à sable : aucun compte ni argent réel n'est concerné.",
            "Demandée sous le nom « trading », celui du tableau d'annulation des ordres de la spécification : c'est la même portée, accordée sous le nom trade.",
        ),
    };
    let scopes: String = request
        .scopes
        .iter()
        .filter_map(|s| SCOPES.iter().find(|(name, ..)| name == s))
        .map(|(name, en, fr)| {
            let text = if lang == Lang::Fr { fr } else { en };
            let alias = if request.trading && *name == "trade" {
                format!("<span class=\"muted note\" id=\"trading-alias\">{trading}</span>")
            } else {
                String::new()
            };
            format!("<li><b>{}</b>{}{alias}</li>", escape(name), escape(text))
        })
        .collect();
    let hidden: String = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k != CONSENT_FIELD && k != "decision")
        .chain([(CONSENT_FIELD.into(), token.into())])
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(&k),
                escape(&v)
            )
        })
        .collect();
    let body = format!(
        "{badge}<h1>{title}</h1>\
         <p><b>{client}</b> {intro} <b>{account}</b>.</p><p>{asks}</p><ul>{scopes}</ul>\
         <form method=\"post\" action=\"/api/oauth/authorize\">{hidden}\
         <div class=\"buttons\"><button id=\"deny\" name=\"decision\" value=\"deny\">{deny}</button>\
         <button id=\"approve\" name=\"decision\" value=\"approve\">{approve}</button></div></form>\
         <p class=\"muted\">{note}</p>",
        badge = badge(lang),
        client = escape(&request.client_id),
        account = escape(account),
    );
    page(lang, title, &body)
}

/// The answer to an authorization request whose redirect URI is the test one: shown
/// here, as the spec's "Receiving the authorization code" says ("the user will be
/// presented the authorization code upon accepting your request"), rather than sent
/// to an application. A code or an access token comes with a copy button (a script
/// file, [`copy_script`]: the page's policy runs no inline script); a refusal shows
/// its error code and description.
fn answer_page(lang: Lang, params: &[(&str, &str)]) -> Response {
    let get = |name: &str| params.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let fr = lang == Lang::Fr;
    let (title, lead, value) = if let Some(code) = get("code") {
        if fr {
            (
                "Code d'autorisation",
                "Votre demande est acceptée. Copiez ce code dans votre application : elle l'échange contre des jetons à /api/oauth/token, avec le même redirect_uri, une seule fois et dans les 5 minutes.",
                Some(code),
            )
        } else {
            (
                "Authorization code",
                "Your request was approved. Copy this code into your application: it exchanges it for tokens at /api/oauth/token, with the same redirect_uri, once and within 5 minutes.",
                Some(code),
            )
        }
    } else if let Some(token) = get("access_token") {
        if fr {
            (
                "Jeton d'accès",
                "Votre demande est acceptée. Votre application peut appeler l'API avec ce jeton (Authorization: Bearer …).",
                Some(token),
            )
        } else {
            (
                "Access token",
                "Your request was approved. Your application can call the API with this token (Authorization: Bearer …).",
                Some(token),
            )
        }
    } else if fr {
        (
            "Autorisation refusée",
            "La demande n'a pas abouti ; une application aurait reçu :",
            None,
        )
    } else {
        (
            "Authorization refused",
            "The request did not succeed; an application would have received:",
            None,
        )
    };
    let (copy, copied, note) = if fr {
        (
            "Copier",
            "Copié",
            "Affiché ici parce que le redirect_uri de la demande est l'URI de redirection de test (/page/oauth/test) ; à toute autre URI, la réponse est envoyée.",
        )
    } else {
        (
            "Copy",
            "Copied",
            "Shown here because the request's redirect_uri is the test redirect URI (/page/oauth/test); any other URI is sent the answer.",
        )
    };
    let shown = match value {
        Some(value) => format!(
            "<div class=\"value\"><code id=\"value\">{}</code>\
             <button type=\"button\" id=\"copy\" hidden data-copied=\"{copied}\">{copy}</button></div>",
            escape(value)
        ),
        None => String::new(),
    };
    let rows: String = params
        .iter()
        .filter(|(name, _)| !matches!(*name, "code" | "access_token"))
        .map(|(name, value)| format!("<dt>{}</dt><dd>{}</dd>", escape(name), escape(value)))
        .collect();
    let body = format!(
        "{badge}<h1>{title}</h1><p>{lead}</p>{shown}<dl>{rows}</dl><p class=\"muted\">{note}</p>\
         <script src=\"{TEST_PATH}/copy.js\"></script>",
        badge = badge(lang),
    );
    html(StatusCode::OK, page(lang, title, &body), "'none'", true)
}

/// `GET /page/oauth/test`: the test redirect URI itself, opened as a page. Answers
/// for it are shown by the consent page's decision ([`answer_page`]); this says so.
pub async fn test_page(headers: HeaderMap) -> Response {
    let lang = lang::negotiate(&headers);
    let (title, text) = match lang {
        Lang::En => (
            "Test redirect URI",
            "This is the test redirect URI the spec's registration section describes. Give this page's address (or https://bitcoin-central.net/page/oauth/test) as the redirect_uri of an authorization request: once you approve it, the authorization code is shown on a page like this one, ready to copy, instead of being sent to an application. The built-in clients have it; register it for your own with --client ID=URI.",
        ),
        Lang::Fr => (
            "URI de redirection de test",
            "Voici l'URI de redirection de test que décrit la section d'enregistrement de la spécification. Donnez l'adresse de cette page (ou https://bitcoin-central.net/page/oauth/test) comme redirect_uri d'une demande d'autorisation : une fois la demande acceptée, le code d'autorisation s'affiche sur une page comme celle-ci, prêt à copier, au lieu d'être envoyé à une application. Les clients intégrés l'ont ; enregistrez-la pour le vôtre avec --client ID=URI.",
        ),
    };
    let body = format!("{}<h1>{title}</h1><p>{text}</p>", badge(lang));
    html(StatusCode::OK, page(lang, title, &body), "'none'", false)
}

/// `GET /page/oauth/test/copy.js`: the test page's copy button.
pub async fn copy_script() -> Response {
    let mut response = include_str!("copy.js").into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response
}

fn error_page(lang: Lang, reason: &str) -> String {
    let (title, lead) = match lang {
        Lang::En => (
            "Authorization request refused",
            "This authorization request cannot be answered, so you were not sent back to the application:",
        ),
        Lang::Fr => (
            "Demande d'autorisation refusée",
            "Cette demande d'autorisation ne peut pas aboutir ; vous n'avez donc pas été renvoyé vers l'application :",
        ),
    };
    page(
        lang,
        title,
        &format!(
            "<h1>{title}</h1><p>{lead}</p><p class=\"muted\">{}</p>",
            escape(reason)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_origins_as_csp_sources() {
        assert_eq!(
            csp_origin("http://127.0.0.1:8080/index.html?x=1").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            csp_origin("https://app.example/cb#no").as_deref(),
            Some("https://app.example")
        );
        assert_eq!(
            csp_origin("https://user@app.example").as_deref(),
            Some("https://app.example")
        );
        for bad in [
            "ftp://x/",
            "https://",
            "https://a;b/",
            "https://a'b/",
            "app.example",
        ] {
            assert_eq!(csp_origin(bad), None, "{bad}");
        }
    }
}
