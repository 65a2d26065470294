//! One home per vocabulary: every upstream value list (hook types, phases, delete policies, hook events, plan
//! words) is an enum declared with [`vocabulary!`], which derives its spelling (`as_str`), `Display`, `FromStr`,
//! the list of every value (`ALL`) and its serde names from one table.

use std::fmt;

/// A value that is not one of a vocabulary's spellings (matching is exact and case-sensitive): the error of
/// `"...".parse::<HookType>()` and of every vocabulary enum's `FromStr`. Its message names the text, the
/// vocabulary and its spellings. It has one cause, so no `kind()`: the type parsed says which vocabulary, and
/// [`expected`](Self::expected) lists its spellings.
///
/// ```
/// use hookplan::argocd::HookType;
/// let error = "Presync".parse::<HookType>().unwrap_err();
/// assert_eq!(error.text(), "Presync");
/// assert_eq!(error.expected(), ["PreSync", "Sync", "PostSync", "SyncFail", "Skip"]);
/// assert_eq!(error.to_string(), "`Presync` is not a hook type (expected one of PreSync, Sync, PostSync, SyncFail, Skip)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseValueError {
    what: &'static str,
    value: String,
    expected: &'static [&'static str],
}

impl ParseValueError {
    pub(crate) fn new(what: &'static str, value: &str, expected: &'static [&'static str]) -> Self {
        ParseValueError { what, value: value.to_string(), expected }
    }

    /// The text that was read.
    pub fn text(&self) -> &str {
        &self.value
    }

    /// The vocabulary's spellings, in its order.
    pub fn expected(&self) -> &'static [&'static str] {
        self.expected
    }
}

impl fmt::Display for ParseValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a {} (expected one of {})", self.value, self.what, self.expected.join(", "))
    }
}

impl std::error::Error for ParseValueError {}

/// Declares a vocabulary enum: `vocabulary! { /// docs  pub enum Name("what it is") { /// docs  Variant = "spelling", ... } }`.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];
            const SPELLINGS: [&'static str; [$($text),+].len()] = [$($text),+];

            /// The spelling: upstream's where the value is upstream's, and the serde name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocabulary::ParseValueError;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .into_iter()
                    .find(|v| v.as_str() == value)
                    .ok_or_else(|| $crate::vocabulary::ParseValueError::new($what, value, &$name::SPELLINGS))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                value.parse().map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}

pub(crate) use vocabulary;
