//! Reading an Argo CD Application manifest: the fields that change a plan.

use serde::Deserialize;

/// The fields of an Application that hookplan reads; everything else is ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawApplication {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    #[serde(default)]
    pub metadata: RawMeta,
    #[serde(default)]
    pub spec: RawSpec,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawMeta {
    pub name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawSpec {
    #[serde(default)]
    pub destination: RawDestination,
    pub sync_policy: Option<RawSyncPolicy>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawDestination {
    pub namespace: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawSyncPolicy {
    pub automated: Option<RawAutomated>,
    #[serde(default)]
    pub sync_options: Vec<String>,
    pub retry: Option<RawRetry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawAutomated {
    pub prune: Option<bool>,
    pub self_heal: Option<bool>,
    pub enabled: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct RawRetry {
    pub limit: Option<i64>,
    pub backoff: Option<RawBackoff>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawBackoff {
    pub duration: Option<String>,
    pub factor: Option<i64>,
    pub max_duration: Option<String>,
}

/// Reads one Application document. Errors carry the parser's message and, when known, the 1-based line and
/// column.
pub(crate) fn read_application(text: &str) -> Result<RawApplication, (String, Option<(usize, usize)>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_yaml::from_str(text).map_err(|error| {
        let at = error.location().map(|l| (l.line(), l.column()));
        let message = error.to_string();
        let message = message.find(" at line ").map_or(message.as_str(), |i| &message[..i]);
        let message = if message.contains("more than one document") {
            "holds more than one document; give a file with one Application".to_string()
        } else {
            message.to_string()
        };
        (message, at)
    })
}
