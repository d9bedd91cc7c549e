//! Entry point of the lazily loaded screens module (built by scripts/post-build.sh).
fn main() {
    tend::screens::start();
}
