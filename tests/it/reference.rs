//! The CLI reference (`docs/cli.md`) and the man page (`docs/hookplan.1`), generated from the clap definitions
//! (`src/cli.rs`, the binary's own) and kept in step: `HOOKPLAN_BLESS=1 cargo test --workspace
//! --all-features` writes them again.

use std::fmt::Write;

use clap::CommandFactory;

use hookplan_cli::cli;

/// Every command's `--help`, as the binary prints it, under a heading a command.
fn reference() -> String {
    let mut command = cli::Cli::command();
    command.build();
    let mut out = String::from(
        "# hookplan command-line reference\n\nGenerated from the clap definitions in `src/cli.rs` by a test \
         (`HOOKPLAN_BLESS=1 cargo test --workspace --all-features` writes it again); `man docs/hookplan.1` is the \
         same as a man page. Exit statuses are in the README.\n\n## hookplan\n\n```text\n",
    );
    out.push_str(&command.render_long_help().to_string());
    out.push_str("```\n");
    for sub in command.get_subcommands_mut() {
        if sub.get_name() == "help" {
            continue;
        }
        let name = sub.get_name().to_string();
        let help = sub.render_long_help().to_string();
        let _ = write!(out, "\n## hookplan {name}\n\n```text\n{help}```\n");
    }
    out
}

fn man_page() -> String {
    let mut bytes = Vec::new();
    clap_mangen::Man::new(cli::Cli::command()).render(&mut bytes).unwrap();
    for sub in cli::Cli::command().get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        // One page holds every subcommand: its name, description and options, as `render` prints them.
        let page = clap_mangen::Man::new(sub.clone().bin_name(format!("hookplan {}", sub.get_name())));
        bytes.extend_from_slice(b".SH \"");
        bytes.extend_from_slice(format!("HOOKPLAN {}", sub.get_name().to_uppercase()).as_bytes());
        bytes.extend_from_slice(b"\"\n");
        page.render_synopsis_section(&mut bytes).unwrap();
        page.render_description_section(&mut bytes).unwrap();
        page.render_options_section(&mut bytes).unwrap();
    }
    String::from_utf8(bytes).unwrap()
}

#[track_caller]
fn in_step(path: &str, generated: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("HOOKPLAN_BLESS").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == generated,
        "{} is not what the clap definitions say; run `HOOKPLAN_BLESS=1 cargo test --workspace --all-features`",
        path.display()
    );
}

#[test]
fn the_cli_reference_is_generated_from_the_definitions() {
    in_step("docs/cli.md", &reference());
}

#[test]
fn the_man_page_is_generated_from_the_definitions() {
    in_step("docs/hookplan.1", &man_page());
}

#[test]
fn the_reference_is_what_the_binary_prints() {
    // The definitions compiled here are the binary's own: its `lint --help` is in the reference verbatim.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hookplan")).args(["lint", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(reference().contains(&help), "{help}");
}
