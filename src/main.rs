//! The `outreach` binary: everything happens in the library.

fn main() {
    if let Err(e) = outreach::cli::main(std::env::args().collect()) {
        // A lesson whose outcomes do not all hold, or a validation figure out
        // of tolerance, is a result, not an error.
        if let Some(not_all) = e.downcast_ref::<outreach::outcomes::NotAllHold>() {
            eprintln!("{not_all}");
            std::process::exit(outreach::outcomes::EXIT_NOT_ALL_HOLD);
        }
        if let Some(out) = e.downcast_ref::<outreach::validate::OutOfTolerance>() {
            eprintln!("{out}");
            std::process::exit(outreach::validate::EXIT_OUT_OF_TOLERANCE);
        }
        eprintln!("Error: {e:#}");
        std::process::exit(1);
    }
}
