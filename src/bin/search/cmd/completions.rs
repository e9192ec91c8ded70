//! `search completions`: a shell's completion script, from the clap definition.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::Status;

pub fn run(args: &CompletionsArgs) -> Result<Status> {
    let mut stdout = std::io::stdout().lock();
    script(args.shell, &mut stdout);
    stdout.flush()?;
    Ok(Status::Found)
}

/// The completion script for `shell`.
pub fn script(shell: clap_complete::Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "search", out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_script_has_every_flag_of_every_command() {
        // Built: each subcommand's flags are added when it is (cli::Deferred).
        let mut command = Cli::command();
        command.build();
        for shell in clap_complete::Shell::value_variants() {
            let mut out = Vec::new();
            script(*shell, &mut out);
            let script = String::from_utf8(out).expect("UTF-8");
            for sub in command.get_subcommands() {
                assert!(
                    script.contains(sub.get_name()),
                    "{shell}: {}",
                    sub.get_name()
                );
                for long in sub.get_arguments().filter_map(|arg| arg.get_long()) {
                    let written = match shell {
                        clap_complete::Shell::Fish => format!("-l {long}"),
                        _ => format!("--{long}"),
                    };
                    assert!(
                        script.contains(&written),
                        "{shell}: {} {written}",
                        sub.get_name()
                    );
                }
            }
        }
    }
}
