//! `stagecoach completion bash|zsh|fish|elvish|powershell` and `stagecoach man`: shell
//! completions and a man page generated from the command line's own definition, so they
//! never drift from it.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;

pub fn completion(shell: clap_complete::Shell, out: &mut dyn Write) -> ExitCode {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "stagecoach", out);
    ExitCode::SUCCESS
}

/// The man page in roff (`stagecoach man > stagecoach.1`), with the `:` commands and keys the
/// README lists left to `?` and `:help` in the cockpit.
pub fn man(out: &mut dyn Write) -> ExitCode {
    let page = clap_mangen::Man::new(Cli::command());
    match page.render(out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stagecoach: cannot write the man page: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl FnOnce(&mut Vec<u8>) -> ExitCode) -> String {
        let mut out = Vec::new();
        assert_eq!(f(&mut out), ExitCode::SUCCESS);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn completions_know_the_subcommands_and_flags() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
        ] {
            let script = text(|o| completion(shell, o));
            // fish names a long flag `-l kubeconfig`; bash and zsh write `--kubeconfig`.
            let flag = |f: &str| match shell {
                clap_complete::Shell::Fish => format!("-l {f}"),
                _ => format!("--{f}"),
            };
            let words = [
                "render".to_string(),
                "demo".to_string(),
                "completion".to_string(),
                flag("kubeconfig"),
                flag("readonly"),
            ];
            for word in words {
                assert!(script.contains(&word), "{shell:?} lacks {word}");
            }
        }
    }

    #[test]
    fn the_man_page_names_the_program_and_its_options() {
        let page = text(|o| man(o));
        assert!(page.contains(".TH stagecoach"), "{page}");
        assert!(page.contains("kubeconfig"), "{page}");
        assert!(page.contains("render"), "{page}");
    }
}
