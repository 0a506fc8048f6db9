//! dcplan binary.
fn main() {}
