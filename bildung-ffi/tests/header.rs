//! `include/bildung.h` must equal what cbindgen generates from the crate today.
//! Run `make header` (or `BLESS=1 cargo test -p bildung-ffi --test header`) to rewrite it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

#[test]
fn header_is_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(dir)
        .with_config(config)
        .generate()
        .expect("cbindgen failed to generate the header")
        .write(&mut generated);
    let path = dir.join("include/bildung.h");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let current = std::fs::read(&path).unwrap_or_default();
    assert!(
        current == generated,
        "bildung-ffi/include/bildung.h is stale: run `make header` \
         (BLESS=1 cargo test -p bildung-ffi --test header) and commit the result"
    );
}
