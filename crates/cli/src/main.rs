fn main() {
    eprintln!("crossrun: not yet wired");
    std::process::exit(1);
}
