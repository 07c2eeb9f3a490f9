//! The `outreach` binary: everything happens in the library.

fn main() {
    if let Err(e) = outreach::cli::main(std::env::args().collect()) {
        // A lesson whose outcomes do not all hold is a result, not an error.
        if let Some(not_all) = e.downcast_ref::<outreach::outcomes::NotAllHold>() {
            eprintln!("{not_all}");
            std::process::exit(outreach::outcomes::EXIT_NOT_ALL_HOLD);
        }
        eprintln!("Error: {e:#}");
        std::process::exit(1);
    }
}
