//! The sandbox's error messages in the exchange's two languages. Which one a call gets
//! is [`crate::http::lang`]'s to say: the request's `Accept-Language`, as the spec's
//! "Localization" section describes, or, for a user's calls without one, the
//! account's language.

use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
}

/// Every message the sandbox can put in an `errors` array.
#[derive(Debug, Clone)]
pub enum Message {
    UnknownCurrency(String),
    NotFound,
    MethodNotAllowed,
    RateLimited {
        retry_after_secs: u64,
    },
    UnknownFault(String),
    /// A `POST /_sandbox/faults` body the sandbox cannot queue.
    BadFaultRequest(String),
    BadParameter {
        name: &'static str,
        value: String,
    },
    TokenMissing,
    TokenInvalid,
    ScopeMissing(&'static str),
    // Orders (`/api/v1/user/orders`): the body.
    /// Neither JSON nor a form.
    UnreadableBody,
    BadJson {
        line: usize,
        column: usize,
    },
    NotAnObject,
    // The fields: named as the API names them.
    Required(&'static str),
    UnknownType(String),
    TradeCurrency(String),
    TransferCurrency(String),
    UnknownDirection(String),
    /// A field this type of order does not take.
    NotAllowed {
        field: &'static str,
        kind: &'static str,
    },
    AmountAndCurrencyAmount,
    NeitherAmount,
    NotADecimal(&'static str),
    NotPositive(&'static str),
    TooManyDecimals {
        field: &'static str,
        max: u32,
    },
    TooLarge {
        field: &'static str,
        max: Decimal,
    },
    BadAddress,
    AddressForEur,
    // What the exchange refuses.
    InsufficientBalance {
        available: Decimal,
        currency: &'static str,
    },
    BelowMinimum,
    NoLiquidity,
    OrderNotFound,
    NotCancelable,
    NotConfirmable,
}

/// A value from a request, cut short for an error message.
fn short(text: &str) -> String {
    let mut cut: String = text.chars().filter(|c| !c.is_control()).take(40).collect();
    if text.chars().count() > 40 {
        cut.push('…');
    }
    cut
}

/// A balance as the exchange writes it in messages: EUR with its cents, BTC as it is.
fn money(amount: Decimal, currency: &str) -> String {
    let mut amount = amount.normalize();
    if currency == "EUR" && amount.scale() < 2 {
        amount.rescale(2);
    }
    format!("{amount} {currency}")
}

impl Message {
    pub fn text(&self, lang: Lang) -> String {
        use Message::*;
        match (self, lang) {
            (UnknownCurrency(c), Lang::En) => format!("Currency \"{c}\" is not supported"),
            (UnknownCurrency(c), Lang::Fr) => {
                format!("La devise « {c} » n'est pas prise en charge")
            }
            (NotFound, Lang::En) => "Not found".into(),
            (NotFound, Lang::Fr) => "Introuvable".into(),
            (MethodNotAllowed, Lang::En) => "Method not allowed".into(),
            (MethodNotAllowed, Lang::Fr) => "Méthode non autorisée".into(),
            (
                RateLimited {
                    retry_after_secs: s,
                },
                Lang::En,
            ) => {
                format!("Rate limit exceeded, retry in {s} seconds")
            }
            (
                RateLimited {
                    retry_after_secs: s,
                },
                Lang::Fr,
            ) => {
                format!("Limite d'appels dépassée, réessayez dans {s} secondes")
            }
            (BadParameter { name, value }, Lang::En) => {
                format!("Parameter {name} is invalid: \"{value}\"")
            }
            (BadParameter { name, value }, Lang::Fr) => {
                format!("Le paramètre {name} est invalide : « {value} »")
            }
            (TokenMissing, Lang::En) => {
                "This call needs an access token (Authorization: Bearer …)".into()
            }
            (TokenMissing, Lang::Fr) => {
                "Cet appel demande un jeton d'accès (Authorization: Bearer …)".into()
            }
            (TokenInvalid, Lang::En) => "The access token is invalid or has expired".into(),
            (TokenInvalid, Lang::Fr) => "Le jeton d'accès est invalide ou a expiré".into(),
            (ScopeMissing(scope), Lang::En) => format!("This token lacks the scope {scope}"),
            (ScopeMissing(scope), Lang::Fr) => format!("Ce jeton n'a pas la portée {scope}"),
            (UnreadableBody, Lang::En) => {
                "Send the parameters as JSON (Content-Type: application/json) or as a form (application/x-www-form-urlencoded)".into()
            }
            (UnreadableBody, Lang::Fr) => {
                "Envoyez les paramètres en JSON (Content-Type: application/json) ou en formulaire (application/x-www-form-urlencoded)".into()
            }
            (BadJson { line, column }, Lang::En) => {
                format!("The body is not valid JSON (line {line}, column {column})")
            }
            (BadJson { line, column }, Lang::Fr) => {
                format!("Le corps n'est pas du JSON valide (ligne {line}, colonne {column})")
            }
            (NotAnObject, Lang::En) => "The body must be a JSON object".into(),
            (NotAnObject, Lang::Fr) => "Le corps doit être un objet JSON".into(),
            (Required(field), Lang::En) => format!("{field} is required"),
            (Required(field), Lang::Fr) => format!("{field} est obligatoire"),
            (UnknownType(t), Lang::En) => format!(
                "Type \"{}\" is unknown: use LimitOrder, MarketOrder or Transfer",
                short(t)
            ),
            (UnknownType(t), Lang::Fr) => format!(
                "Le type « {} » est inconnu : LimitOrder, MarketOrder ou Transfer",
                short(t)
            ),
            (TradeCurrency(c), Lang::En) => {
                format!("Currency must be EUR, not \"{}\"", short(c))
            }
            (TradeCurrency(c), Lang::Fr) => {
                format!("La devise doit être EUR, pas « {} »", short(c))
            }
            (TransferCurrency(c), Lang::En) => {
                format!("Currency must be EUR or BTC, not \"{}\"", short(c))
            }
            (TransferCurrency(c), Lang::Fr) => {
                format!("La devise doit être EUR ou BTC, pas « {} »", short(c))
            }
            (UnknownDirection(d), Lang::En) => {
                format!("Direction must be buy or sell, not \"{}\"", short(d))
            }
            (UnknownDirection(d), Lang::Fr) => {
                format!("Le sens doit être buy ou sell, pas « {} »", short(d))
            }
            (NotAllowed { field, kind }, Lang::En) => {
                format!("{field} must be omitted for a {kind}")
            }
            (NotAllowed { field, kind }, Lang::Fr) => {
                format!("{field} doit être omis pour un {kind}")
            }
            (AmountAndCurrencyAmount, Lang::En) => {
                "Give either amount or currency_amount, not both".into()
            }
            (AmountAndCurrencyAmount, Lang::Fr) => {
                "Indiquez amount ou currency_amount, pas les deux".into()
            }
            (NeitherAmount, Lang::En) => "amount or currency_amount is required".into(),
            (NeitherAmount, Lang::Fr) => "amount ou currency_amount est obligatoire".into(),
            (NotADecimal(field), Lang::En) => format!("{field} must be a decimal number"),
            (NotADecimal(field), Lang::Fr) => format!("{field} doit être un nombre décimal"),
            (NotPositive(field), Lang::En) => format!("{field} must be greater than 0"),
            (NotPositive(field), Lang::Fr) => format!("{field} doit être supérieur à 0"),
            (TooManyDecimals { field, max }, Lang::En) => {
                format!("{field} can have at most {max} decimals")
            }
            (TooManyDecimals { field, max }, Lang::Fr) => {
                format!("{field} peut avoir au plus {max} décimales")
            }
            (TooLarge { field, max }, Lang::En) => format!("{field} must be at most {max}"),
            (TooLarge { field, max }, Lang::Fr) => {
                format!("{field} doit être au plus {max}")
            }
            (BadAddress, Lang::En) => "address is not a valid Bitcoin address".into(),
            (BadAddress, Lang::Fr) => "address n'est pas une adresse Bitcoin valide".into(),
            (AddressForEur, Lang::En) => "address must be omitted for a EUR transfer".into(),
            (AddressForEur, Lang::Fr) => {
                "address doit être omis pour un virement en EUR".into()
            }
            (
                InsufficientBalance {
                    available,
                    currency,
                },
                Lang::En,
            ) => format!(
                "Amount is greater than your available balance ({})",
                money(*available, currency)
            ),
            (
                InsufficientBalance {
                    available,
                    currency,
                },
                Lang::Fr,
            ) => format!(
                "Le montant est supérieur à votre solde disponible ({})",
                money(*available, currency)
            ),
            (BelowMinimum, Lang::En) => {
                "Amount can't be less than the minimum order (0.001 BTC)".into()
            }
            (BelowMinimum, Lang::Fr) => {
                "Le montant ne peut pas être inférieur à l'ordre minimum (0.001 BTC)".into()
            }
            (NoLiquidity, Lang::En) => {
                "There are no orders in the book to fill this market order".into()
            }
            (NoLiquidity, Lang::Fr) => {
                "Aucun ordre du carnet ne peut exécuter cet ordre au marché".into()
            }
            (OrderNotFound, Lang::En) => "Order not found".into(),
            (OrderNotFound, Lang::Fr) => "Ordre introuvable".into(),
            (NotCancelable, Lang::En) => "Only active trade orders can be canceled".into(),
            (NotCancelable, Lang::Fr) => {
                "Seuls les ordres de bourse actifs peuvent être annulés".into()
            }
            (NotConfirmable, Lang::En) => "Only pending transfers can be confirmed".into(),
            (NotConfirmable, Lang::Fr) => {
                "Seuls les virements en attente peuvent être confirmés".into()
            }
            (UnknownFault(f), Lang::En) => format!(
                "Unknown sandbox fault \"{f}\" (try delay-<ms>, slow-body-<ms>, html-<status>, truncate, content-type, rate-limited, rate-limited-<secs>, hang-after, drop)"
            ),
            (UnknownFault(f), Lang::Fr) => format!(
                "Panne de bac à sable inconnue « {f} » (essayez delay-<ms>, slow-body-<ms>, html-<status>, truncate, content-type, rate-limited, rate-limited-<secs>, hang-after, drop)"
            ),
            (BadFaultRequest(why), Lang::En) => format!("Cannot queue this fault: {why}"),
            (BadFaultRequest(why), Lang::Fr) => {
                format!("Impossible de programmer cette panne : {why}")
            }
        }
    }
}

/// Everything the OAuth2 endpoints say in words: the reasons of the refused-request
/// page, the `error_description` of an authorization answer and of the token
/// endpoint. Values from the request come in already cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthText {
    RepeatedParameter(String),
    NoClientId,
    UnknownClient(String),
    /// A redirect URI the client did not register; `loopback` if the client takes any
    /// loopback URI too.
    UnregisteredRedirect {
        uri: String,
        client: String,
        loopback: bool,
    },
    NoRedirectUri,
    ResponseType(String),
    UnknownScope(String),
    ChallengeMethod(String),
    PlainChallenge,
    MethodWithoutChallenge,
    BadChallenge,
    PkceRequired,
    /// The spec's `access_denied` description.
    Denied,
    // The token endpoint.
    TokenBody,
    TokenJson,
    NotAString(String),
    UnknownClientCredentials,
    WrongSecret,
    MissingCode,
    MissingRefreshToken,
    MissingGrantType,
    UnsupportedGrant(String),
    CodeInvalid,
    CodeUsed,
    CodeExpired,
    CodeOtherClient,
    RedirectMismatch,
    VerifierWithoutChallenge,
    VerifierMissing,
    VerifierMismatch,
    RefreshInvalid,
    RefreshOtherClient,
    /// A refresh token already rotated, used again: its chain is revoked.
    RefreshReused,
    // The consent form's decision.
    /// No consent token, a wrong one, or one already used.
    ConsentForged,
    /// Posted by a page of another origin.
    ConsentCrossOrigin,
}

impl AuthText {
    pub fn text(&self, lang: Lang) -> String {
        use AuthText::*;
        let fr = lang == Lang::Fr;
        match self {
            RepeatedParameter(name) if fr => {
                format!("Le paramètre {name} est donné plus d'une fois.")
            }
            RepeatedParameter(name) => format!("The parameter {name} is given more than once."),
            NoClientId if fr => "La demande ne nomme aucune application (client_id).".into(),
            NoClientId => "The request names no application (client_id).".into(),
            UnknownClient(id) if fr => {
                format!("Aucune application n'est enregistrée sous le nom « {id} ».")
            }
            UnknownClient(id) => format!("No application is registered as \"{id}\"."),
            UnregisteredRedirect {
                uri,
                client,
                loopback,
            } => {
                let mut text = if fr {
                    format!(
                        "L'URI de redirection « {uri} » n'est pas enregistrée pour « {client} » ; elle doit être identique à une URI enregistrée"
                    )
                } else {
                    format!(
                        "The redirect URI \"{uri}\" is not registered for \"{client}\"; it must match a registered one exactly"
                    )
                };
                if *loopback {
                    text.push_str(if fr {
                        ", ou bien être une adresse de bouclage sur n'importe quel port (http://127.0.0.1:<port>/…, http://[::1]:<port>/…, http://localhost:<port>/…)"
                    } else {
                        ", or be a loopback URI on any port (http://127.0.0.1:<port>/…, http://[::1]:<port>/…, http://localhost:<port>/…)"
                    });
                }
                text.push('.');
                text
            }
            NoRedirectUri if fr => {
                "La demande n'a pas de redirect_uri, et l'application en a plusieurs.".into()
            }
            NoRedirectUri => {
                "The request has no redirect_uri, and the application has several.".into()
            }
            ResponseType(v) if fr => format!("response_type doit être code ou token, pas {v}."),
            ResponseType(v) => format!("response_type must be code or token, not {v}."),
            UnknownScope(v) if fr => format!(
                "La portée {v} n'existe pas ; les portées sont basic, activity, trade et withdraw."
            ),
            UnknownScope(v) => format!(
                "There is no scope {v}; the scopes are basic, activity, trade and withdraw."
            ),
            ChallengeMethod(v) if fr => {
                format!("code_challenge_method doit être S256, pas {v}.")
            }
            ChallengeMethod(v) => format!("code_challenge_method must be S256, not {v}."),
            PlainChallenge if fr => "code_challenge doit venir avec code_challenge_method=S256 (plain n'est pas pris en charge).".into(),
            PlainChallenge => "code_challenge_method=S256 must come with code_challenge (plain is not supported).".into(),
            MethodWithoutChallenge if fr => {
                "code_challenge_method est venu sans code_challenge.".into()
            }
            MethodWithoutChallenge => "code_challenge_method came without a code_challenge.".into(),
            BadChallenge if fr => {
                "code_challenge n'est pas une empreinte SHA-256 en base64url.".into()
            }
            BadChallenge => "code_challenge is not a base64url SHA-256 digest.".into(),
            PkceRequired if fr => "Un client public doit utiliser PKCE : envoyez code_challenge avec code_challenge_method=S256.".into(),
            PkceRequired => "A public client must use PKCE: send code_challenge with code_challenge_method=S256.".into(),
            Denied if fr => {
                "Le titulaire du compte ou le serveur d'autorisation a refusé la demande.".into()
            }
            Denied => "The resource owner or authorization server denied the request.".into(),
            TokenBody if fr => "Envoyez les paramètres en application/x-www-form-urlencoded ou en application/json.".into(),
            TokenBody => "Send the parameters as application/x-www-form-urlencoded or as application/json.".into(),
            TokenJson if fr => "Le corps n'est pas un objet JSON valide.".into(),
            TokenJson => "The body is not a valid JSON object.".into(),
            NotAString(name) if fr => format!("Le paramètre {name} doit être une chaîne."),
            NotAString(name) => format!("The parameter {name} must be a string."),
            UnknownClientCredentials if fr => "Client inconnu.".into(),
            UnknownClientCredentials => "Unknown client.".into(),
            WrongSecret if fr => "Le secret du client est absent ou faux.".into(),
            WrongSecret => "The client secret is missing or wrong.".into(),
            MissingCode if fr => "Le code est absent.".into(),
            MissingCode => "The code is missing.".into(),
            MissingRefreshToken if fr => "Le refresh_token est absent.".into(),
            MissingRefreshToken => "The refresh_token is missing.".into(),
            MissingGrantType if fr => "Le grant_type est absent.".into(),
            MissingGrantType => "The grant_type is missing.".into(),
            UnsupportedGrant(v) if fr => format!(
                "Le type d'autorisation {v} n'est pas pris en charge : utilisez authorization_code ou refresh_token."
            ),
            UnsupportedGrant(v) => format!(
                "The grant type {v} is not supported: use authorization_code or refresh_token."
            ),
            CodeInvalid if fr => "Le code est invalide.".into(),
            CodeInvalid => "The code is invalid.".into(),
            CodeUsed if fr => "Le code a déjà servi.".into(),
            CodeUsed => "The code was already used.".into(),
            CodeExpired if fr => "Le code a expiré.".into(),
            CodeExpired => "The code has expired.".into(),
            CodeOtherClient if fr => "Le code a été délivré à un autre client.".into(),
            CodeOtherClient => "The code was issued to another client.".into(),
            RedirectMismatch if fr => {
                "redirect_uri ne correspond pas à la demande d'autorisation.".into()
            }
            RedirectMismatch => "redirect_uri does not match the authorization request.".into(),
            VerifierWithoutChallenge if fr => "Un code_verifier a été envoyé, mais la demande d'autorisation n'avait pas de code_challenge.".into(),
            VerifierWithoutChallenge => "A code_verifier was sent, but the authorization request had no code_challenge.".into(),
            VerifierMissing if fr => "Le code_verifier est absent.".into(),
            VerifierMissing => "The code_verifier is missing.".into(),
            VerifierMismatch if fr => {
                "Le code_verifier ne correspond pas au code_challenge.".into()
            }
            VerifierMismatch => "The code_verifier does not match the code_challenge.".into(),
            RefreshInvalid if fr => "Le refresh_token est invalide.".into(),
            RefreshInvalid => "The refresh token is invalid.".into(),
            RefreshOtherClient if fr => "Le refresh_token a été délivré à un autre client.".into(),
            RefreshOtherClient => "The refresh token was issued to another client.".into(),
            RefreshReused if fr => "Ce refresh_token a déjà servi : tous les jetons issus de la même autorisation sont révoqués.".into(),
            RefreshReused => "This refresh token was already used: every token from the same authorization is revoked.".into(),
            ConsentForged if fr => "Cette décision ne vient pas d'une page d'autorisation ouverte dans ce navigateur, ou cette page a déjà servi : ouvrez de nouveau la demande d'autorisation.".into(),
            ConsentForged => "This decision does not come from an authorization page opened in this browser, or that page was already used: open the authorization request again.".into(),
            ConsentCrossOrigin if fr => "Cette décision a été envoyée par une page d'un autre site, qui ne peut pas décider à votre place.".into(),
            ConsentCrossOrigin => "This decision was sent by a page of another site, which cannot decide for you.".into(),
        }
    }

    /// The text as an RFC 6749 `error_description` (§4.1.2.1, §5.2): printable ASCII
    /// but `"` and `\`. French loses its accents (é → e, ç → c, « » → nothing), as the
    /// RFC's character set has none.
    pub fn description(&self, lang: Lang) -> String {
        ascii_description(&self.text(lang))
    }
}

/// Text folded to what an `error_description` may hold: accented letters lose their
/// accents, typographic quotes and spaces become plain ones, anything else outside
/// printable ASCII (and `"`, `\`) is dropped.
pub fn ascii_description(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let folded = match c {
            'à' | 'â' | 'ä' => "a",
            'À' | 'Â' | 'Ä' => "A",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'É' | 'È' | 'Ê' | 'Ë' => "E",
            'î' | 'ï' => "i",
            'ô' | 'ö' => "o",
            'ù' | 'û' | 'ü' => "u",
            'ç' => "c",
            'Ç' => "C",
            'œ' => "oe",
            '’' => "'",
            '…' => "...",
            '\u{a0}' | '\u{202f}' => " ",
            '«' | '»' | '"' | '\\' => "",
            c if matches!(c, ' '..='~') => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(folded);
    }
    // « x » leaves two spaces around x.
    while out.contains("  ") {
        out = out.replace("  ", " ");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_descriptions_are_printable_ascii() {
        assert_eq!(
            AuthText::Denied.description(Lang::Fr),
            "Le titulaire du compte ou le serveur d'autorisation a refuse la demande."
        );
        assert_eq!(ascii_description("« ça » \"x\\y\" — é…"), " ca xy e...");
        for text in [
            AuthText::PkceRequired,
            AuthText::UnknownScope("admin".into()),
            AuthText::VerifierWithoutChallenge,
            AuthText::UnsupportedGrant("password".into()),
        ] {
            for lang in [Lang::En, Lang::Fr] {
                let description = text.description(lang);
                assert!(
                    description
                        .chars()
                        .all(|c| matches!(c, ' '..='~') && !matches!(c, '"' | '\\')),
                    "{description}"
                );
            }
        }
    }

    #[test]
    fn balances_in_messages() {
        let text = Message::InsufficientBalance {
            available: Decimal::new(178_196, 2),
            currency: "EUR",
        }
        .text(Lang::En);
        assert_eq!(
            text,
            "Amount is greater than your available balance (1781.96 EUR)"
        );
        let text = Message::InsufficientBalance {
            available: Decimal::new(10_000, 3),
            currency: "BTC",
        }
        .text(Lang::Fr);
        assert!(text.ends_with("(10 BTC)"), "{text}");
        assert_eq!(short(&"x".repeat(50)).chars().count(), 41);
    }
}
