//! The API's paths, declared once: the router routes them ([`crate::router::routes`])
//! and `/_sandbox/requests` counts calls by them ([`api_route`]).

/// The API's routes, which `/_sandbox/requests` counts by path ([`api_route`]).
pub const API_ROUTES: [&str; 11] = [
    TICKER,
    TRADES,
    DEPTH,
    CHARTS_TRADES,
    CHARTS_DEPTH,
    AUTHORIZE,
    TOKEN,
    USER,
    ORDERS,
    ORDER,
    CANCEL,
];
pub const TICKER: &str = "/api/v1/data/{currency}/ticker";
pub const TRADES: &str = "/api/v1/data/{currency}/trades";
pub const DEPTH: &str = "/api/v1/data/{currency}/depth";
pub const CHARTS_TRADES: &str = "/api/v1/bitcoin_charts/{currency}/trades";
pub const CHARTS_DEPTH: &str = "/api/v1/bitcoin_charts/{currency}/depth";
pub const AUTHORIZE: &str = "/api/oauth/authorize";
pub const TOKEN: &str = "/api/oauth/token";
pub const USER: &str = "/api/v1/user";
pub const ORDERS: &str = "/api/v1/user/orders";
pub const ORDER: &str = "/api/v1/user/orders/{uuid}";
pub const CANCEL: &str = "/api/v1/user/orders/{uuid}/cancel";

/// The API route a path is one of (`/api/v1/data/eur/ticker`:
/// `/api/v1/data/{currency}/ticker`), if any: a `{name}` segment is any one
/// non-empty segment.
pub fn api_route(path: &str) -> Option<&'static str> {
    API_ROUTES.into_iter().find(|route| {
        let mut given = path.split('/');
        let mut pattern = route.split('/');
        loop {
            match (given.next(), pattern.next()) {
                (None, None) => return true,
                (Some(segment), Some(p)) if p.starts_with('{') => {
                    if segment.is_empty() {
                        return false;
                    }
                }
                (Some(segment), Some(p)) if segment == p => {}
                _ => return false,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_matched_to_their_api_route() {
        assert_eq!(api_route("/api/v1/data/eur/ticker"), Some(TICKER));
        assert_eq!(api_route("/api/v1/data/xyz/depth"), Some(DEPTH));
        assert_eq!(api_route("/api/v1/user/orders"), Some(ORDERS));
        assert_eq!(api_route("/api/v1/user/orders/abc/cancel"), Some(CANCEL));
        assert_eq!(api_route("/api/oauth/token"), Some(TOKEN));
        for unknown in [
            "/api/v1/data//ticker",
            "/api/v1/data/eur/ticker/",
            "/api/v1/data/eur",
            "/api/v2/user",
            "/api/v1/user/orders/a/b",
            "/api/nope",
        ] {
            assert_eq!(api_route(unknown), None, "{unknown}");
        }
    }
}
