//! C ABI of bildung.
