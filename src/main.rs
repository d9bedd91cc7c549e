fn main() {
    tend::start();
}
