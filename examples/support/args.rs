//! Flag parsing shared by the example binaries: `--name VALUE` options and bare `--switch`es
//! in any order; an unknown flag, a missing value or one that does not parse stops the run
//! with a message.

use std::collections::HashMap;
use std::str::FromStr;

pub struct Flags(HashMap<String, Option<String>>);

impl Flags {
    /// Parses the process arguments: `options` take a value, `switches` do not.
    pub fn parse(options: &[&str], switches: &[&str]) -> Flags {
        let mut map = HashMap::new();
        let mut it = std::env::args().skip(1);
        while let Some(a) = it.next() {
            if options.contains(&a.as_str()) {
                let v = it.next().unwrap_or_else(|| panic!("{a} needs a value"));
                map.insert(a, Some(v));
            } else if switches.contains(&a.as_str()) {
                map.insert(a, None);
            } else {
                panic!("unknown argument {a}");
            }
        }
        Flags(map)
    }

    /// The value of option `name`, or `default` when it was not given.
    pub fn get<T: FromStr>(&self, name: &str, default: T) -> T {
        match self.0.get(name) {
            Some(Some(v)) => v.parse().unwrap_or_else(|_| panic!("{name}: cannot use {v:?}")),
            _ => default,
        }
    }

    /// The value of option `name` as given, if it was.
    pub fn string(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned().flatten()
    }

    /// Whether switch `name` was given.
    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}
