//! The `outreach` binary: everything happens in the library.

fn main() {
    if let Err(e) = outreach::cli::main(std::env::args().collect()) {
        eprintln!("Error: {e:#}");
        std::process::exit(outreach::cli::exit_code(&e));
    }
}
