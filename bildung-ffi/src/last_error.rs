//! The thread-local detail message of the last failure.

use std::cell::RefCell;
use std::ffi::c_char;

use crate::guard::{Failure, guard_quiet, write_optional};
use crate::status::bildung_status;

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Replace this thread's last error message.
pub(crate) fn set(message: String) {
    // `try_with` fails only while the thread is being torn down; then there is nobody to read it.
    let _ = LAST_ERROR.try_with(|m| {
        if let Ok(mut m) = m.try_borrow_mut() {
            *m = message;
        }
    });
}

/// A copy of this thread's last error message (empty before the first failure).
fn current() -> String {
    LAST_ERROR
        .try_with(|m| m.try_borrow().map(|m| m.clone()).unwrap_or_default())
        .unwrap_or_default()
}

/// Copy the detail message of this thread's last failure into `buf` (snprintf semantics).
///
/// Every failing call of a `bildung_*` function on this thread stores a message that names the
/// function and the problem (which argument, which element, which value); successful calls leave it
/// as is. Before the first failure the message is empty.
///
/// At most `len - 1` bytes of the message are copied and `buf` is always NUL-terminated when
/// `len > 0`. `*needed` (if `needed` is not NULL) receives the full length of the message plus 1
/// for the NUL, so a caller can query the size with `buf = NULL, len = 0`, allocate, and call again.
/// This function never changes the stored message, not even when it fails.
///
/// # Parameters
/// - `buf`: the destination, may be NULL when `len == 0`.
/// - `len`: the size of `buf` in bytes.
/// - `needed`: optional (may be NULL); receives the message length + 1.
///
/// # Returns
/// `BILDUNG_OK` when the whole message fit; `BILDUNG_ERR_BUFFER_SIZE` when it was truncated (the
/// truncated, NUL-terminated text is still written and `*needed` is set);
/// `BILDUNG_ERR_NULL_ARGUMENT` when `buf` is NULL and `len > 0` (nothing written).
///
/// # Thread safety
/// Reentrant; the message is thread-local, so read it on the thread whose call failed.
///
/// # Safety
/// `buf` must be NULL or valid for writes of `len` bytes; `needed` must be NULL or valid for a
/// write of one `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildung_last_error_message(
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> bildung_status {
    guard_quiet(|| {
        if buf.is_null() && len > 0 {
            return Err(Failure::null_array("buf", len));
        }
        let message = current();
        let bytes = message.as_bytes();
        let full = bytes.len() + 1;
        // SAFETY: NULL or valid for one write (caller contract).
        unsafe { write_optional(needed, full) };
        if len == 0 {
            return Err(Failure::buffer("buf", len, full));
        }
        let copy = bytes.len().min(len - 1);
        // SAFETY: buf is non-NULL (checked above) and valid for `len` bytes (caller contract);
        // `copy + 1 <= len`, and `bytes` is Rust-owned, so the two do not overlap.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf.cast::<u8>(), copy);
            buf.add(copy).write(0);
        }
        if copy < bytes.len() {
            Err(Failure::buffer("buf", len, full))
        } else {
            Ok(())
        }
    })
}
