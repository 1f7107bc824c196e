//! The router: every path to its handler ([`routes`]), and the app around it
//! ([`app_and_sandbox`]): the rate limit ([`limits`]), the faults ([`faults`], around
//! the router because they rewrite paths), CORS where it must be ([`cors`]), `Cache-Control`, the security
//! headers ([`security`]) and the request log, plus the static files when asked.
//!
//! May import: `axum`, `tower`, [`crate::handlers`], [`crate::http`] and
//! [`crate::domain`]; nothing imports it but the crate root (`tests/layers.rs` checks
//! it).

pub mod cors;
pub mod faults;
pub mod limits;
pub mod paths;
pub mod security;
pub mod serve;

use std::time::Instant;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{any, delete, get, post};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::domain::authz;
use crate::domain::sandbox::{Config, Sandbox};
use crate::handlers::{self, market, oauth, stream, user};
use crate::http::respond::{method_not_allowed, not_found};
use crate::router::paths::{
    AUTHORIZE, CANCEL, CHARTS_DEPTH, CHARTS_TRADES, DEPTH, ORDER, ORDERS, TICKER, TOKEN, TRADES,
    USER,
};

/// The spec's endpoints (and its test redirect page, `/page/oauth/test`), and the
/// sandbox's own under `/_sandbox/`.
pub fn routes() -> Router<Sandbox> {
    Router::new()
        .route(TICKER, get(market::ticker))
        .route(TRADES, get(market::trades))
        .route(DEPTH, get(market::depth))
        .route(CHARTS_TRADES, get(market::charts_trades))
        .route(CHARTS_DEPTH, get(market::charts_depth))
        .route(AUTHORIZE, get(oauth::authorize).post(oauth::decide))
        .route(TOKEN, post(oauth::token))
        .route(authz::TEST_PATH, get(oauth::test_page))
        .route(
            &format!("{}/copy.js", authz::TEST_PATH),
            get(oauth::copy_script),
        )
        .route("/favicon.ico", get(handlers::favicon))
        .route(USER, get(user::user))
        .route(ORDERS, get(user::orders).post(user::place))
        .route(ORDER, get(user::order))
        .route(CANCEL, delete(user::cancel))
        .route("/_sandbox/orders/{uuid}/confirm", post(user::confirm))
        .route("/ws/socket.io/", any(stream::socket))
        .route("/ws/socket.io", any(stream::socket))
        .route("/api/{*rest}", any(not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .merge(fault_admin())
}

/// The fault admin endpoints: `/_sandbox/faults` (the queue) and `/_sandbox/requests`
/// (the count).
fn fault_admin() -> Router<Sandbox> {
    use handlers::faults::{clear, forget, list, queue, requests};
    Router::new()
        .route("/_sandbox/faults", get(list).post(queue).delete(clear))
        .route("/_sandbox/requests", get(requests).delete(forget))
        .method_not_allowed_fallback(method_not_allowed)
}

/// The sandbox as an axum app. Serve it with
/// `into_make_service_with_connect_info::<SocketAddr>()` so calls are counted per IP.
pub fn app(config: Config) -> Router {
    app_and_sandbox(config).0
}

/// [`app`], and its shared state: for tests that reach behind the API
/// ([`Sandbox::issue_token_for_tests`]).
#[doc(hidden)]
pub fn app_and_sandbox(config: Config) -> (Router, Sandbox) {
    let sandbox = Sandbox::new(&config);
    let mut router = routes();
    if let Some(pkg) = &config.pkg {
        router = router.nest_service("/pkg", ServeDir::new(pkg));
    }
    router = match &config.www {
        Some(www) => router.fallback_service(ServeDir::new(www)),
        None => router.fallback(not_found),
    };
    let api = router
        .with_state(sandbox.clone())
        .layer(middleware::from_fn_with_state(
            sandbox.clone(),
            limits::layer,
        ));
    // Faults rewrite the path, so they must run before routing: around the router,
    // not inside it (see axum's "Rewriting request URI in middleware").
    let api = tower::Layer::layer(
        &middleware::from_fn_with_state(sandbox.clone(), faults::layer),
        api,
    );
    let app = Router::new()
        .fallback_service(api)
        .layer(middleware::from_fn_with_state(sandbox.clone(), cors::layer))
        // A rebuilt package shows up on reload.
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(middleware::from_fn(security::layer))
        .layer(middleware::from_fn_with_state(sandbox.clone(), log));
    (app, sandbox)
}

/// One line per request: method, path, status, time. Never headers (tokens) and
/// never query strings (authorization codes).
async fn log(State(sandbox): State<Sandbox>, request: Request, next: Next) -> Response {
    if !sandbox.logs() {
        return next.run(request).await;
    }
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = match response.extensions().get::<faults::Dropped>() {
        Some(faults::Dropped) => "dropped".to_owned(),
        None => response.status().as_u16().to_string(),
    };
    eprintln!(
        "{method} {path} {status} {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}
