//! The sandbox's user accounts: for now the one demo user the consent page logs in
//! as, with the balances of the spec's `/api/v1/user` example.

use rust_decimal::Decimal;

/// One user's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Account number, e.g. `BC-U123456`.
    pub name: String,
    /// The user's language.
    pub locale: String,
    pub balance_btc: Decimal,
    pub locked_btc: Decimal,
    pub balance_eur: Decimal,
    pub locked_eur: Decimal,
}

/// Index of the demo account in [`Accounts`].
pub const DEMO: usize = 0;

#[derive(Debug)]
pub struct Accounts(Vec<Account>);

impl Default for Accounts {
    fn default() -> Self {
        Accounts(vec![Account {
            name: "BC-U123456".into(),
            locale: "en".into(),
            balance_btc: Decimal::new(2_578_866_278, 8),
            locked_btc: Decimal::new(10, 1),
            balance_eur: Decimal::new(189_396, 2),
            locked_eur: Decimal::new(30_000_743_886, 8),
        }])
    }
}

impl Accounts {
    pub fn get(&self, index: usize) -> Option<&Account> {
        self.0.get(index)
    }
}
