//! The applications the sandbox knows (RFC 6749 §2): each with an id, a secret when
//! it is confidential, and the redirect URIs it registered. Two are built in once the
//! sandbox knows its own origin, so the sample page can log in against it:
//!
//! - `bitcoin-central-demo`: public (no secret; PKCE for the code flow);
//! - `bitcoin-central-backend`: confidential, secret `sandbox-secret`;
//!
//! both redirecting to `{origin}/` and `{origin}/index.html`, and to the same on
//! `localhost` when the origin is `127.0.0.1`.

/// The public client the sample page uses.
pub const DEMO_CLIENT: &str = "bitcoin-central-demo";
/// A confidential client, for trying the code flow as a server-side app would.
pub const BACKEND_CLIENT: &str = "bitcoin-central-backend";
/// The backend client's secret (a sandbox has nothing to hide).
pub const BACKEND_SECRET: &str = "sandbox-secret";

/// A registered application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthClient {
    pub id: String,
    /// `None` for a public client (a browser or mobile app, which cannot keep one).
    pub secret: Option<String>,
    /// Redirect URIs, compared by exact string equality.
    pub redirect_uris: Vec<String>,
}

impl OAuthClient {
    pub fn is_public(&self) -> bool {
        self.secret.is_none()
    }

    /// The redirect URI of a request: the one sent if it is registered; the only one
    /// registered if none was sent (RFC 6749 §3.1.2.3); otherwise nothing.
    pub fn redirect_uri(&self, sent: Option<&str>) -> Option<&str> {
        match (sent, self.redirect_uris.as_slice()) {
            (Some(sent), uris) => uris.iter().find(|u| *u == sent).map(String::as_str),
            (None, [only]) => Some(only),
            (None, _) => None,
        }
    }
}

/// Whether `uri` can be registered: an absolute `http`/`https` URI of printable
/// ASCII, without a fragment (RFC 6749 §3.1.2).
pub fn check_redirect_uri(uri: &str) -> Result<(), &'static str> {
    let rest = uri
        .strip_prefix("http://")
        .or_else(|| uri.strip_prefix("https://"))
        .ok_or("it must start with http:// or https://")?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err("it has no host");
    }
    if !uri.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("it must be printable ASCII, without spaces (percent-encode the rest)");
    }
    if uri.contains('#') {
        return Err("it must not have a fragment");
    }
    Ok(())
}

/// Every registered client.
#[derive(Debug, Default)]
pub struct Clients(Vec<OAuthClient>);

impl Clients {
    /// The built-in clients (when `origin` is known), then `extra`. An extra client
    /// with a known id adds its redirect URIs to it, and its secret if it has one.
    pub fn new(origin: Option<&str>, extra: &[OAuthClient]) -> Clients {
        let mut clients = Vec::new();
        if let Some(origin) = origin {
            let origin = origin.trim_end_matches('/');
            let mut origins = vec![origin.to_owned()];
            if let Some(port) = origin.strip_prefix("http://127.0.0.1") {
                origins.push(format!("http://localhost{port}"));
            }
            let redirect_uris: Vec<String> = origins
                .iter()
                .flat_map(|o| [format!("{o}/"), format!("{o}/index.html")])
                .collect();
            clients.push(OAuthClient {
                id: DEMO_CLIENT.into(),
                secret: None,
                redirect_uris: redirect_uris.clone(),
            });
            clients.push(OAuthClient {
                id: BACKEND_CLIENT.into(),
                secret: Some(BACKEND_SECRET.into()),
                redirect_uris,
            });
        }
        let mut clients = Clients(clients);
        for client in extra {
            clients.add(client);
        }
        clients
    }

    fn add(&mut self, client: &OAuthClient) {
        let Some(known) = self.0.iter_mut().find(|c| c.id == client.id) else {
            self.0.push(client.clone());
            return;
        };
        for uri in &client.redirect_uris {
            if !known.redirect_uris.contains(uri) {
                known.redirect_uris.push(uri.clone());
            }
        }
        if client.secret.is_some() {
            known.secret.clone_from(&client.secret);
        }
    }

    pub fn get(&self, id: &str) -> Option<&OAuthClient> {
        self.0.iter().find(|c| c.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|c| c.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins_redirect_to_the_origin_and_its_localhost_twin() {
        let clients = Clients::new(Some("http://127.0.0.1:8080"), &[]);
        let demo = clients.get(DEMO_CLIENT).unwrap();
        assert!(demo.is_public());
        assert_eq!(
            demo.redirect_uris,
            [
                "http://127.0.0.1:8080/",
                "http://127.0.0.1:8080/index.html",
                "http://localhost:8080/",
                "http://localhost:8080/index.html"
            ]
        );
        let backend = clients.get(BACKEND_CLIENT).unwrap();
        assert_eq!(backend.secret.as_deref(), Some(BACKEND_SECRET));
        assert_eq!(backend.redirect_uris, demo.redirect_uris);

        let clients = Clients::new(Some("http://192.168.1.5:9000"), &[]);
        assert_eq!(clients.get(DEMO_CLIENT).unwrap().redirect_uris.len(), 2);
        assert_eq!(Clients::new(None, &[]).ids().count(), 0);
    }

    #[test]
    fn extra_clients_add_to_known_ones() {
        let extra = [
            OAuthClient {
                id: DEMO_CLIENT.into(),
                secret: None,
                redirect_uris: vec!["http://127.0.0.1:3000/cb".into()],
            },
            OAuthClient {
                id: "mine".into(),
                secret: Some("s".into()),
                redirect_uris: vec!["https://app.example/cb".into()],
            },
        ];
        let clients = Clients::new(Some("http://127.0.0.1:8080"), &extra);
        let demo = clients.get(DEMO_CLIENT).unwrap();
        assert_eq!(demo.redirect_uris.len(), 5);
        assert!(demo.is_public());
        assert_eq!(
            clients.ids().collect::<Vec<_>>(),
            [DEMO_CLIENT, BACKEND_CLIENT, "mine"]
        );
    }

    #[test]
    fn redirect_uris_match_exactly_or_default_to_the_only_one() {
        let one = OAuthClient {
            id: "one".into(),
            secret: None,
            redirect_uris: vec!["https://app.example/cb".into()],
        };
        assert_eq!(one.redirect_uri(None), Some("https://app.example/cb"));
        assert_eq!(
            one.redirect_uri(Some("https://app.example/cb")),
            Some("https://app.example/cb")
        );
        assert_eq!(one.redirect_uri(Some("https://app.example/cb/")), None);
        assert_eq!(one.redirect_uri(Some("https://APP.example/cb")), None);
        let demo = Clients::new(Some("http://127.0.0.1:8080"), &[]);
        assert_eq!(demo.get(DEMO_CLIENT).unwrap().redirect_uri(None), None);
    }

    #[test]
    fn checks_redirect_uris_before_registering_them() {
        assert!(check_redirect_uri("http://127.0.0.1:3000/cb?x=1").is_ok());
        assert!(check_redirect_uri("https://app.example/").is_ok());
        assert!(check_redirect_uri("app.example/cb").is_err());
        assert!(check_redirect_uri("http:///cb").is_err());
        assert!(check_redirect_uri("https://app.example/cb#x").is_err());
        assert!(check_redirect_uri("https://app.example/a b").is_err());
        assert!(check_redirect_uri("https://app.example/é").is_err());
    }
}
