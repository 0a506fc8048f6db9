//! The `dcplan` binary: with no subcommand it opens the designer; subcommands run headless.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
