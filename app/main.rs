//! The `dcplan` binary: with no subcommand it will open the designer (issue 3); subcommands run headless.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
