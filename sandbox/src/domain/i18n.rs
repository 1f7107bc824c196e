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

#[cfg(test)]
mod tests {
    use super::*;

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
