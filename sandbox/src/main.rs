//! `bitcoin-central-sandbox`: a local Bitcoin-Central-compatible exchange.

use std::io::Write;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use bitcoin_central_sandbox::authz::OAuthClient;
use bitcoin_central_sandbox::{Config, DecimalStyle, RemovedLevel, app, serve};
use clap::Parser;

/// A local exchange speaking the Bitcoin-Central API, with a simulated EUR market.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "PORT", default_value_t = 8080)]
    port: u16,
    /// Seed of the simulated market: the same seed gives the same market.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// API calls allowed per IP per window.
    #[arg(long, default_value_t = 86_400)]
    rate_limit: u64,
    /// Length of the rate-limit window, in seconds.
    #[arg(long, default_value_t = 86_400)]
    rate_window_secs: u64,
    /// Milliseconds between market steps (0 freezes the market).
    #[arg(long, default_value_t = 2_000)]
    tick_ms: u64,
    /// Write decimals as JSON numbers (as the v1 API) or strings (later versions).
    #[arg(long, value_enum, default_value_t = DecimalStyle::Number)]
    decimals: DecimalStyle,
    /// Directory served at / (the sample page).
    #[arg(long)]
    www: Option<PathBuf>,
    /// Directory served at /pkg/ (the built npm package).
    #[arg(long)]
    pkg: Option<PathBuf>,
    /// Do not log requests.
    #[arg(long)]
    quiet: bool,
    /// Register an OAuth client: ID=REDIRECT_URI (repeat an ID, or name a built-in one,
    /// to add redirect URIs; they must match exactly).
    /// Public (PKCE) unless --client-secret gives it a secret. Built in, for pages this
    /// sandbox serves: bitcoin-central-demo (public; also takes any loopback redirect
    /// URI, http://127.0.0.1:<port>/..., http://localhost:<port>/...) and
    /// bitcoin-central-backend (secret "sandbox-secret"). The spec's test redirect URI,
    /// <origin>/page/oauth/test (or https://bitcoin-central.net/page/oauth/test), shows
    /// the code on a page instead of redirecting.
    #[arg(long, value_name = "ID=REDIRECT_URI")]
    client: Vec<String>,
    /// Make a --client confidential: ID=SECRET.
    #[arg(long, value_name = "ID=SECRET")]
    client_secret: Vec<String>,
    /// Lifetime of access tokens, in seconds.
    #[arg(long, default_value_t = 1_800)]
    token_ttl_secs: u64,
    /// The stream's Engine.IO pingInterval: how often clients ping, in milliseconds.
    #[arg(long, default_value_t = 25_000)]
    ping_interval_ms: u64,
    /// The stream's Engine.IO pingTimeout, in milliseconds: a socket silent for
    /// pingInterval + pingTimeout is closed.
    #[arg(long, default_value_t = 60_000)]
    ping_timeout_ms: u64,
    /// How the stream sends a level that is gone: amount 0, or null (2014 documents).
    #[arg(long, value_enum, default_value_t = RemovedLevel::Zero)]
    stream_removed: RemovedLevel,
    /// Trust a page's origin (http://127.0.0.1:9999; repeat for more): it may read
    /// every answer with credentials (CORS), the admin endpoints' and the consent
    /// page's included, and post the consent form. Other origins may read only the
    /// API's JSON answers.
    #[arg(long, value_name = "ORIGIN")]
    trust_origin: Vec<String>,
    /// Close a connection that has not sent a request's whole head (request line and
    /// headers) within this many milliseconds, or that stays idle that long.
    #[arg(long, default_value_t = 5_000)]
    header_timeout_ms: u64,
}

/// The --client and --client-secret flags as clients.
fn clients(args: &Args) -> Result<Vec<OAuthClient>, String> {
    let mut clients: Vec<OAuthClient> = Vec::new();
    for flag in &args.client {
        let (id, uri) = flag
            .split_once('=')
            .filter(|(id, uri)| {
                !id.is_empty()
                    && (uri.starts_with("http://") || uri.starts_with("https://"))
                    // RFC 6749 §3.1.2: no fragment; and fit for a Location header.
                    && !uri.contains('#')
                    && uri.bytes().all(|b| b.is_ascii_graphic())
            })
            .ok_or_else(|| {
                format!(
                    "--client {flag}: expected ID=REDIRECT_URI with an http(s) URI \
                     (printable ASCII, no fragment)"
                )
            })?;
        match clients.iter_mut().find(|c| c.id == id) {
            Some(client) => client.redirect_uris.push(uri.to_owned()),
            None => clients.push(OAuthClient {
                id: id.to_owned(),
                secret: None,
                redirect_uris: vec![uri.to_owned()],
                loopback: false,
            }),
        }
    }
    for flag in &args.client_secret {
        let (id, secret) = flag
            .split_once('=')
            .filter(|(_, secret)| !secret.is_empty())
            .ok_or_else(|| "--client-secret: expected ID=SECRET".to_owned())?;
        let client = clients.iter_mut().find(|c| c.id == id).ok_or_else(|| {
            format!("--client-secret {id}=...: no --client {id}=... to go with it")
        })?;
        client.secret = Some(secret.to_owned());
    }
    Ok(clients)
}

/// How pages reach this sandbox: its address (the loopback one when it listens on
/// every interface), and `localhost` for a loopback one.
fn origins(mut local: SocketAddr) -> Vec<String> {
    if local.ip().is_unspecified() {
        local.set_ip(match local {
            SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
        });
    }
    let mut origins = vec![format!("http://{local}")];
    if local.ip().is_loopback() {
        origins.push(format!("http://localhost:{}", local.port()));
    }
    origins
}

/// Whether `text` is an http(s) origin as an `Origin` header gives it.
fn is_origin(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("http://")
        .or_else(|| text.strip_prefix("https://"))
    else {
        return false;
    };
    !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    for dir in [&args.www, &args.pkg].into_iter().flatten() {
        if !dir.is_dir() {
            eprintln!(
                "bitcoin-central-sandbox: {} is not a directory",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
    }
    if let Some(bad) = args.trust_origin.iter().find(|o| !is_origin(o)) {
        eprintln!(
            "bitcoin-central-sandbox: --trust-origin {bad}: expected an origin, \
             scheme://host[:port] (http://127.0.0.1:9999), without a path"
        );
        return ExitCode::FAILURE;
    }
    let clients = match clients(&args) {
        Ok(clients) => clients,
        Err(problem) => {
            eprintln!("bitcoin-central-sandbox: {problem}");
            return ExitCode::FAILURE;
        }
    };
    let address = format!("{}:{}", args.host, args.port);
    let listener = match tokio::net::TcpListener::bind(&address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("bitcoin-central-sandbox: cannot listen on {address}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let local = match listener.local_addr() {
        Ok(local) => local,
        Err(error) => {
            eprintln!("bitcoin-central-sandbox: {error}");
            return ExitCode::FAILURE;
        }
    };
    let config = Config {
        seed: args.seed,
        rate_limit: args.rate_limit,
        rate_window_secs: args.rate_window_secs,
        tick_ms: args.tick_ms,
        decimals: args.decimals,
        www: args.www,
        pkg: args.pkg,
        log: !args.quiet,
        origins: origins(local),
        clients,
        token_ttl_secs: args.token_ttl_secs,
        ping_interval_ms: args.ping_interval_ms,
        ping_timeout_ms: args.ping_timeout_ms,
        stream_removed: args.stream_removed,
        trusted_origins: args.trust_origin,
        ..Config::default()
    };
    // Scripts wait for exactly this line.
    println!("bitcoin-central-sandbox listening on http://{local}");
    let _ = std::io::stdout().flush();
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let timeout = Duration::from_millis(args.header_timeout_ms);
    serve(listener, app(config), timeout, shutdown).await;
    ExitCode::SUCCESS
}
