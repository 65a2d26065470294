//! Whether a document's diagnostics are before or after the rule configuration.

crate::vocabulary::vocabulary! {
/// Whether the diagnostics of a JSON document are as the rules found them, or after the rule configuration
/// (`.hookplan.yaml` levels and disabled rules, the `--allow`/`--warn`/`--deny` flags, and the
/// `ignore-check.hookplan.io/<rule>` suppressions, applied by [`crate::config::LintConfig::apply`]).
///
/// Serialised as the `ruleConfiguration` field of every JSON document that carries diagnostics: a plan and a
/// diff say `not-applied` (each diagnostic at its rule's default severity, none suppressed), a lint report says
/// `applied`.
///
/// ```
/// use hookplan::diagnostic::RuleConfiguration;
/// assert_eq!(RuleConfiguration::Applied.to_string(), "applied");
/// assert_eq!("not-applied".parse::<RuleConfiguration>(), Ok(RuleConfiguration::NotApplied));
/// ```
pub enum RuleConfiguration("rule configuration") {
    /// Every diagnostic at its rule's default severity; nothing disabled or suppressed.
    NotApplied = "not-applied",
    /// Levels, disabled rules and suppressions applied: what reports, at the severity it reports with.
    Applied = "applied",
}
}

impl Default for RuleConfiguration {
    /// `NotApplied`: what a document written before the field existed holds.
    fn default() -> Self {
        RuleConfiguration::NotApplied
    }
}
