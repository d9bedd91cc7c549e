//! `tend-server`: serves the built app on one origin (see the crate's lib.rs). Options are read from the command
//! line, then the environment, then the defaults below.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: tend-server [--listen ADDRESS] [--dist FOLDER]

Serves Tend's built app (scripts/build.sh makes it) and its API from one origin.

  --listen ADDRESS  the address and port to listen on (env TEND_LISTEN; default 127.0.0.1:8080). To serve
                    other devices, keep it on loopback behind a reverse proxy that terminates TLS.
  --dist FOLDER     the built app's folder (env TEND_DIST; default dist)
  --help            this text

Logs go to standard error; RUST_LOG sets their level (default info). They never hold request bodies.
Stops cleanly on Ctrl-C or SIGTERM, finishing the requests under way.";

struct Options {
    listen: SocketAddr,
    dist: PathBuf,
}

/// The options, or the message to print (and whether that is an error).
fn options(args: impl Iterator<Item = String>) -> Result<Options, (String, bool)> {
    let (mut listen, mut dist) = (std::env::var("TEND_LISTEN").ok(), std::env::var("TEND_DIST").ok());
    let mut args = args.skip(1);
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--help" | "-h" => return Err((USAGE.to_owned(), false)),
            "--listen" => &mut listen,
            "--dist" => &mut dist,
            other => return Err((format!("unknown option {other:?}\n\n{USAGE}"), true)),
        };
        *slot = Some(
            args.next()
                .ok_or_else(|| (format!("{arg} needs a value\n\n{USAGE}"), true))?,
        );
    }
    let listen = listen.unwrap_or_else(|| "127.0.0.1:8080".into());
    Ok(Options {
        listen: listen.parse().map_err(|_| {
            (
                format!("--listen {listen:?} is not an address and port such as 127.0.0.1:8080"),
                true,
            )
        })?,
        dist: PathBuf::from(dist.unwrap_or_else(|| "dist".into())),
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match options(std::env::args()) {
        Ok(options) => options,
        Err((message, is_error)) => {
            eprintln!("{message}");
            return if is_error {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();
    if !options.dist.join("index.html").is_file() {
        eprintln!(
            "{} has no index.html: build the app first (bash scripts/build.sh)",
            options.dist.display()
        );
        return ExitCode::from(2);
    }
    let listener = match tokio::net::TcpListener::bind(options.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on {}: {error}", options.listen);
            return ExitCode::from(2);
        }
    };
    // The line scripts wait for before they open the app.
    println!("Tend is running at http://{}/", options.listen);
    let served = axum::serve(listener, tend_server::app(options.dist))
        .with_graceful_shutdown(stopped())
        .await;
    match served {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!(%error, "the server failed");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C or SIGTERM (what a service manager or a container runtime sends).
async fn stopped() {
    let interrupt = tokio::signal::ctrl_c();
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("a SIGTERM handler can always be installed");
    tokio::select! {
        _ = interrupt => {}
        _ = terminate.recv() => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, (String, bool)> {
        options(
            std::iter::once("tend-server")
                .chain(args.iter().copied())
                .map(String::from),
        )
    }

    #[test]
    fn options_are_read_and_bad_ones_explained() {
        let given = parse(&["--listen", "127.0.0.1:9000", "--dist", "/srv/tend"]).unwrap();
        assert_eq!(given.listen, "127.0.0.1:9000".parse().unwrap());
        assert_eq!(given.dist, PathBuf::from("/srv/tend"));
        assert!(matches!(parse(&["--help"]), Err((text, false)) if text.starts_with("usage:")));
        assert!(matches!(parse(&["--port", "1"]), Err((text, true)) if text.starts_with("unknown option")));
        assert!(matches!(parse(&["--dist"]), Err((text, true)) if text.starts_with("--dist needs a value")));
        assert!(
            matches!(parse(&["--listen", "localhost"]), Err((text, true)) if text.contains("not an address"))
        );
    }
}
