//! Product releases ("3.5 U4", "4.0 U1", "2.5 U6") as ordered values, written as text in plan files.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A VMware product release: major.minor[.patch] plus an optional Update number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release {
    pub major: u8,
    pub minor: u8,
    pub patch: u8,
    pub update: u8,
}

impl Release {
    /// A release without update or patch level.
    pub const fn new(major: u8, minor: u8) -> Self {
        Self {
            major,
            minor,
            patch: 0,
            update: 0,
        }
    }

    /// The same release at Update `update`.
    #[must_use]
    pub const fn with_update(self, update: u8) -> Self {
        Self { update, ..self }
    }

    /// ESX 3.5, VirtualCenter 2.5 era releases are "VI3"; 4.x and later are vSphere.
    pub fn is_vsphere4_or_later(self) -> bool {
        self.major >= 4
    }

    /// The major.minor pair, e.g. `(4, 0)`, used to key configuration maximums.
    pub fn line(self) -> (u8, u8) {
        (self.major, self.minor)
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)?;
        if self.patch > 0 {
            write!(f, ".{}", self.patch)?;
        }
        if self.update > 0 {
            write!(f, " U{}", self.update)?;
        }
        Ok(())
    }
}

/// Why a release string could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not a release; write it like \"3.5 U4\", \"4.0\" or \"3.0.2\"")]
pub struct ReleaseParseError(pub String);

impl FromStr for Release {
    type Err = ReleaseParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || ReleaseParseError(text.to_owned());
        let trimmed = text.trim();
        let (numbers, update) = match trimmed.split_once(|c: char| c.is_whitespace()) {
            Some((numbers, rest)) => {
                let rest = rest.trim();
                let digits = rest
                    .strip_prefix('U')
                    .or_else(|| rest.strip_prefix('u'))
                    .ok_or_else(err)?;
                (numbers, digits.parse::<u8>().map_err(|_| err())?)
            }
            None => (trimmed, 0),
        };
        let mut parts = numbers.split('.');
        let major = parts.next().and_then(|p| p.parse().ok()).ok_or_else(err)?;
        let minor = match parts.next() {
            Some(p) => p.parse().map_err(|_| err())?,
            None => 0,
        };
        let patch = match parts.next() {
            Some(p) => p.parse().map_err(|_| err())?,
            None => 0,
        };
        if parts.next().is_some() {
            return Err(err());
        }
        Ok(Self {
            major,
            minor,
            patch,
            update,
        })
    }
}

impl Serialize for Release {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Release {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        for text in ["3.5 U4", "4.0", "4.0 U1", "3.0.2", "2.5 U6", "4.1"] {
            let release: Release = text.parse().unwrap();
            assert_eq!(release.to_string(), text);
        }
    }

    #[test]
    fn orders_updates_after_their_release() {
        let r = |t: &str| t.parse::<Release>().unwrap();
        assert!(r("3.5 U2") > r("3.5"));
        assert!(r("4.0") > r("3.5 U5"));
        assert!(r("4.0 U1") > r("4.0"));
        assert!(r("4.1") > r("4.0 U1"));
    }

    #[test]
    fn rejects_garbage() {
        for text in ["", "four", "4.x", "4.0 X1", "4.0.1.2", "3.5 U"] {
            assert!(text.parse::<Release>().is_err(), "{text}");
        }
    }
}
