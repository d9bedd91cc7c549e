//! `tend-server`: serves the built app on one origin (see the crate's lib.rs). Options are read from the command
//! line, then the environment, then the defaults below.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use tend_server::limits::{Rate, ADDRESS_RATE, DEVICE_RATE};
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: tend-server [OPTIONS]
       tend-server copy-data --to DATABASE [--data-dir FOLDER | --database DATABASE]
       tend-server moderator add|remove NAME [OPTIONS]
       tend-server moderator list [OPTIONS]

Serves Tend's built app (scripts/build.sh makes it) and its end-to-end encrypted sync API from one origin.
The server stores only ciphertext, sequence numbers, sizes, times, wrapped keys and token hashes.

  --listen ADDRESS    the address and port to listen on (env TEND_LISTEN; default 127.0.0.1:8080). To serve
                      other devices, keep it on loopback behind a reverse proxy that terminates TLS.
  --dist FOLDER       the built app's folder (env TEND_DIST; default dist)
  --data-dir FOLDER   where the SQLite database lives, created if missing (env TEND_DATA_DIR; default data)
  --database URL      a database instead of the data folder's SQLite file: postgres://USER@HOST/NAME or
                      sqlite://FILE (env TEND_DATABASE). Several servers may share one PostgreSQL.
  --trust-proxy       take the client's address from the last X-Forwarded-For entry, for rate limits
                      (env TEND_TRUST_PROXY=1); only behind a reverse proxy that sets it
  --device-rate R     requests per second and burst per device, as PER/BURST (env TEND_DEVICE_RATE;
                      default 20/60)
  --address-rate R    the same per client address (env TEND_ADDRESS_RATE; default 100/300)
  --url URL           the address people open this server at, for the links it prints (env TEND_URL;
                      default http:// and the --listen address)
  --push-contact URI  who push services may contact about this server's reminders, a mailto: or https:
                      address (env TEND_PUSH_CONTACT; default the --url, else mailto:webmaster@localhost)
  --loopback-push     also send reminders to plain-HTTP push endpoints on 127.0.0.1 (env TEND_LOOPBACK_PUSH=1):
                      for a test push service only; real push services are public HTTPS hosts
  --help              this text

  copy-data --to DATABASE
                      copies every space, device and record from this server's database (the options above)
                      into DATABASE, which must be empty, in one transaction; then start the server on DATABASE
  moderator add NAME  makes NAME a moderator of community stories (or gives them a new link) and prints a
                      sign-in link, valid for a day and for one use
  moderator remove NAME
                      ends NAME's sessions and their place as a moderator
  moderator list      the moderators, and who was removed

Logs go to standard error; RUST_LOG sets their level (default info). They never hold request bodies, tokens
or names. Stops cleanly on Ctrl-C or SIGTERM, finishing the requests under way.";

struct Options {
    listen: SocketAddr,
    dist: PathBuf,
    database: Database,
    trust_proxy: bool,
    rates: (Rate, Rate),
    url: Option<String>,
    push_contact: Option<String>,
    loopback_push: bool,
    command: Command,
}

#[derive(Debug, PartialEq, Eq)]
enum Command {
    Serve,
    /// `copy-data --to`: the database to copy into.
    CopyData(String),
    AddModerator(String),
    RemoveModerator(String),
    ListModerators,
}

enum Database {
    Url(String),
    DataDir(PathBuf),
}

impl Database {
    /// The database's URL, making the data folder if it is missing.
    fn url(&self) -> Result<String, String> {
        match self {
            Database::Url(url) => Ok(url.clone()),
            Database::DataDir(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|error| format!("cannot make the data folder {}: {error}", dir.display()))?;
                let file = dir.join("tend.sqlite3");
                let file = file
                    .to_str()
                    .filter(|f| !f.contains(['?', '#', '%']))
                    .ok_or_else(|| {
                        format!(
                            "the data folder {} needs a plain path (no ?, # or %)",
                            dir.display()
                        )
                    })?;
                Ok(format!("sqlite://{file}?mode=rwc"))
            }
        }
    }
}

type Refusal = (String, bool);

fn bad(message: String) -> Refusal {
    (format!("{message}\n\n{USAGE}"), true)
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn rate(name: &str, text: Option<String>, default: Rate) -> Result<Rate, Refusal> {
    text.map_or(Ok(default), |text| {
        Rate::parse(&text).ok_or_else(|| bad(format!("{name} {text:?} is not PER/BURST, such as 20/60")))
    })
}

/// The options, or the message to print (and whether that is an error).
fn options(args: impl Iterator<Item = String>) -> Result<Options, Refusal> {
    let (mut listen, mut dist) = (env("TEND_LISTEN"), env("TEND_DIST"));
    let (mut data_dir, mut database) = (env("TEND_DATA_DIR"), env("TEND_DATABASE"));
    let (mut device_rate, mut address_rate) = (env("TEND_DEVICE_RATE"), env("TEND_ADDRESS_RATE"));
    let mut trust_proxy = env("TEND_TRUST_PROXY").is_some_and(|v| v == "1" || v == "true");
    let mut url = env("TEND_URL");
    let mut push_contact = env("TEND_PUSH_CONTACT");
    let mut loopback_push = env("TEND_LOOPBACK_PUSH").is_some_and(|v| v == "1" || v == "true");
    let mut copy_to = None;
    let mut args = args.skip(1).peekable();
    let first = args.peek().cloned().unwrap_or_default();
    let copy = first == "copy-data";
    let mut command = Command::Serve;
    if copy {
        args.next();
    } else if first == "moderator" {
        args.next();
        let action = args.next().unwrap_or_default();
        let mut name = || {
            args.next()
                .ok_or_else(|| bad(format!("moderator {action} needs a NAME")))
        };
        command = match action.as_str() {
            "add" => Command::AddModerator(name()?),
            "remove" => Command::RemoveModerator(name()?),
            "list" => Command::ListModerators,
            other => return Err(bad(format!("moderator {other:?}: use add, remove or list"))),
        };
    }
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--help" | "-h" => return Err((USAGE.to_owned(), false)),
            "--trust-proxy" => {
                trust_proxy = true;
                continue;
            }
            "--loopback-push" => {
                loopback_push = true;
                continue;
            }
            "--push-contact" => &mut push_contact,
            "--listen" => &mut listen,
            "--dist" => &mut dist,
            "--data-dir" => &mut data_dir,
            "--database" => &mut database,
            "--device-rate" => &mut device_rate,
            "--address-rate" => &mut address_rate,
            "--url" => &mut url,
            "--to" if copy => &mut copy_to,
            other => return Err(bad(format!("unknown option {other:?}"))),
        };
        *slot = Some(args.next().ok_or_else(|| bad(format!("{arg} needs a value")))?);
    }
    if copy {
        let to = copy_to.ok_or_else(|| bad("copy-data needs --to DATABASE".into()))?;
        command = Command::CopyData(to);
    }
    let listen = listen.unwrap_or_else(|| "127.0.0.1:8080".into());
    Ok(Options {
        listen: listen.parse().map_err(|_| {
            bad(format!(
                "--listen {listen:?} is not an address and port such as 127.0.0.1:8080"
            ))
        })?,
        dist: PathBuf::from(dist.unwrap_or_else(|| "dist".into())),
        database: match database {
            Some(url) => Database::Url(url),
            None => Database::DataDir(PathBuf::from(data_dir.unwrap_or_else(|| "data".into()))),
        },
        trust_proxy,
        rates: (
            rate("--device-rate", device_rate, DEVICE_RATE)?,
            rate("--address-rate", address_rate, ADDRESS_RATE)?,
        ),
        url,
        push_contact,
        loopback_push,
        command,
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
    let done = match &options.command {
        Command::Serve => serve(options).await,
        Command::CopyData(to) => copy_data(&options, to).await,
        moderator => moderators(&options, moderator).await,
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

async fn serve(options: Options) -> Result<(), String> {
    if !options.dist.join("index.html").is_file() {
        return Err(format!(
            "{} has no index.html: build the app first (bash scripts/build.sh)",
            options.dist.display()
        ));
    }
    let settings = tend_server::Settings {
        rates: options.rates,
        trust_proxy: options.trust_proxy,
        push_contact: options
            .push_contact
            .clone()
            .or_else(|| options.url.clone())
            .unwrap_or_else(|| tend_server::Settings::default().push_contact),
        loopback_push: options.loopback_push,
    };
    let sync = tend_server::open(&options.database.url()?, settings).await?;
    tokio::spawn(tend_server::push::deliver(sync.clone()));
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", options.listen))?;
    // The line scripts wait for before they open the app.
    println!("Tend is running at http://{}/", options.listen);
    let app = tend_server::app(options.dist, sync.clone());
    let served = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(stopped())
        .await;
    sync.store.close().await;
    served.map_err(|error| format!("the server failed: {error}"))?;
    tracing::info!("stopped");
    Ok(())
}

async fn copy_data(options: &Options, to: &str) -> Result<(), String> {
    let from = tend_server::store::Store::open(&options.database.url()?).await?;
    let into = tend_server::store::Store::open(to).await?;
    let copied = from.copy_into(&into).await?;
    println!("copied {copied}; now start tend-server with --database set to the new database");
    Ok(())
}

async fn moderators(options: &Options, command: &Command) -> Result<(), String> {
    let store = tend_server::store::Store::open(&options.database.url()?).await?;
    let failed = |error: sqlx::Error| format!("the database failed: {error}");
    match command {
        Command::AddModerator(name) => {
            let token = tend_server::moderation::invite(&store, name).await?;
            let base = options
                .url
                .clone()
                .unwrap_or_else(|| format!("http://{}", options.listen));
            println!("{name} can sign in once, within a day, at:");
            println!("{}/moderate#signin={token}", base.trim_end_matches('/'));
        }
        Command::RemoveModerator(name) => {
            if !store.remove_moderator(name).await.map_err(failed)? {
                return Err(format!("there is no moderator {name:?}"));
            }
            println!("{name} is no longer a moderator; their sessions have ended");
        }
        _ => {
            for (name, active) in store.moderators().await.map_err(failed)? {
                println!("{name}{}", if active { "" } else { " (removed)" });
            }
        }
    }
    store.close().await;
    Ok(())
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
        assert!(matches!(given.database, Database::DataDir(ref dir) if dir == &PathBuf::from("data")));
        let given = parse(&[
            "--database",
            "postgres://tend@db/tend",
            "--device-rate",
            "5/10",
            "--trust-proxy",
        ]);
        let given = given.unwrap();
        assert!(matches!(given.database, Database::Url(ref url) if url == "postgres://tend@db/tend"));
        assert_eq!(given.rates.0, Rate::new(5, 10));
        assert!(given.trust_proxy && given.command == Command::Serve);
        assert!(matches!(parse(&["--address-rate", "5"]), Err((text, true)) if text.contains("PER/BURST")));
        let copy = parse(&["copy-data", "--to", "postgres://db/tend"]).unwrap();
        assert_eq!(copy.command, Command::CopyData("postgres://db/tend".into()));
        let add = parse(&["moderator", "add", "Ana", "--url", "https://tend.example"]).unwrap();
        assert_eq!(add.command, Command::AddModerator("Ana".into()));
        assert_eq!(add.url.as_deref(), Some("https://tend.example"));
        assert_eq!(
            parse(&["moderator", "list"]).unwrap().command,
            Command::ListModerators
        );
        assert!(matches!(parse(&["moderator", "add"]), Err((text, true)) if text.contains("needs a NAME")));
        assert!(
            matches!(parse(&["moderator", "ban", "x"]), Err((text, true)) if text.contains("add, remove"))
        );
        assert!(matches!(parse(&["copy-data"]), Err((text, true)) if text.contains("needs --to")));
        assert!(matches!(parse(&["--to", "x"]), Err((text, true)) if text.starts_with("unknown option")));
    }
}
