//! `tend-content check [content-dir]`: reports every document's reading figure and fails on any problem.
//! `tend-content build [content-dir] <out-dir>`: checks, then writes the catalogs and bundles the app fetches.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, root, out) = match args.as_slice() {
        [c] if c == "check" => ("check", "content", None),
        [c, root] if c == "check" => ("check", root.as_str(), None),
        [c, root, out] if c == "build" => ("build", root.as_str(), Some(out.as_str())),
        _ => {
            eprintln!("usage: tend-content check [content-dir] | tend-content build <content-dir> <out-dir>");
            return ExitCode::from(2);
        }
    };
    let library = tend_content::check::load(Path::new(root));
    if command == "check" {
        print!("{}", library.report());
    }
    if !library.problems.is_empty() {
        for p in &library.problems {
            eprintln!("content: {p}");
        }
        eprintln!(
            "content: {} problems in {} documents",
            library.problems.len(),
            library.entries.len()
        );
        return ExitCode::FAILURE;
    }
    if let Some(out) = out {
        if let Err(e) = tend_content::bundle::write(&library, Path::new(out)) {
            eprintln!("content: could not write {out}: {e}");
            return ExitCode::FAILURE;
        }
    }
    println!("content: {} documents, no problems", library.entries.len());
    ExitCode::SUCCESS
}
