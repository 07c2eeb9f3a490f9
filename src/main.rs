//! The `outreach` binary: parse the command line, run the command, print the
//! error chain. Everything else happens in the library.

use outreach::cli::{failure, parse};

fn main() {
    let command_line: Vec<String> = std::env::args().collect();
    let cli = parse(&command_line);
    if let Err(e) = cli.execute(&command_line) {
        let (message, status) = failure(&e);
        eprintln!("{message}");
        std::process::exit(status);
    }
}
