//! The lint entry points under the path they had in 0.2: [`lint`], [`lint_with`] and [`validate`] are the
//! orchestrator's ([`crate::check`]), re-exported here so that callers written for 0.2 compile unchanged.
//!
//! ```
//! use hookplan::{Manifests, validate};
//! let m = Manifests::parse("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n");
//! assert_eq!(validate::lint(&m, None), hookplan::check::lint(&m, None));
//! ```

pub use crate::check::{lint, lint_with, validate};
