//! The panic guard and the pointer helpers that every export goes through.
//!
//! * [`guard`] runs an export's body under `catch_unwind`, turns an `Err` into its status code and
//!   records the detail message (a caught panic becomes `BILDUNG_ERR_PANIC`);
//! * [`input`] / [`optional_input`] turn `(ptr, n)` into a slice without ever calling
//!   `slice::from_raw_parts` on NULL: NULL with `n == 0` is an empty slice, NULL with `n > 0` is
//!   `BILDUNG_ERR_NULL_ARGUMENT`;
//! * [`required_out`], [`OutArray`] and [`write_optional`] write results through raw pointers (never
//!   through references, since C may pass uninitialised memory).

use std::any::Any;
use std::ffi::{CStr, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;

use bildung_core::Error;

use crate::last_error;
use crate::status::{
    BILDUNG_ERR_BUFFER_SIZE, BILDUNG_ERR_INVALID_UTF8, BILDUNG_ERR_NULL_ARGUMENT,
    BILDUNG_ERR_PANIC, BILDUNG_OK, bildung_status, status_of,
};

/// Why an export failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An error of the core library.
    Core(Error),
    /// A NULL pointer where one is needed (the message says which).
    Null(String),
    /// An output buffer that is too small (the message says which and how large it must be).
    BufferSize(String),
    /// A string argument that is not valid UTF-8 (the message says which).
    Utf8(String),
}

impl Failure {
    /// A required pointer argument is NULL.
    pub(crate) fn null(what: &str) -> Failure {
        Failure::Null(format!("null argument: `{what}` is NULL"))
    }

    /// An array pointer is NULL while its length is above 0.
    pub(crate) fn null_array(what: &str, len: usize) -> Failure {
        Failure::Null(format!(
            "null argument: `{what}` is NULL but its length is {len} (NULL is allowed only with length 0)"
        ))
    }

    /// The buffer `what` holds `capacity` elements but `needed` are required.
    pub(crate) fn buffer(what: &str, capacity: usize, needed: usize) -> Failure {
        Failure::BufferSize(format!(
            "buffer too small: `{what}` has room for {capacity} but {needed} are needed"
        ))
    }

    /// The same failure with `note` appended to its message (e.g. the column and row of a
    /// string read from a column array).
    pub(crate) fn note(self, note: &str) -> Failure {
        match self {
            Failure::Null(m) => Failure::Null(format!("{m} ({note})")),
            Failure::BufferSize(m) => Failure::BufferSize(format!("{m} ({note})")),
            Failure::Utf8(m) => Failure::Utf8(format!("{m} ({note})")),
            Failure::Core(e) => Failure::Core(e),
        }
    }

    fn status(&self) -> bildung_status {
        match self {
            Failure::Core(e) => status_of(e.kind()),
            Failure::Null(_) => BILDUNG_ERR_NULL_ARGUMENT,
            Failure::BufferSize(_) => BILDUNG_ERR_BUFFER_SIZE,
            Failure::Utf8(_) => BILDUNG_ERR_INVALID_UTF8,
        }
    }

    fn message(&self) -> String {
        match self {
            Failure::Core(e) => e.to_string(),
            Failure::Null(m) | Failure::BufferSize(m) | Failure::Utf8(m) => m.clone(),
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Core(e)
    }
}

/// The text of a panic payload.
fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(no message)"
    }
}

/// Run `body` under `catch_unwind`: `Ok(())`, or the status and message of the failure or panic.
fn run(body: impl FnOnce() -> Result<(), Failure>) -> Result<(), (bildung_status, String)> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(failure)) => Err((failure.status(), failure.message())),
        Err(payload) => Err((
            BILDUNG_ERR_PANIC,
            format!(
                "internal error (panic): {}",
                panic_message(payload.as_ref())
            ),
        )),
    }
}

/// Run an export's body: `Ok` is `BILDUNG_OK`; an error or a panic becomes its status code and
/// this thread's last error message (prefixed with the function `name`).
pub(crate) fn guard(name: &str, body: impl FnOnce() -> Result<(), Failure>) -> bildung_status {
    match run(body) {
        Ok(()) => BILDUNG_OK,
        Err((status, message)) => {
            last_error::set(format!("{name}: {message}"));
            status
        }
    }
}

/// Like [`guard`] but leaves the last error message alone (for the function that reads it).
pub(crate) fn guard_quiet(body: impl FnOnce() -> Result<(), Failure>) -> bildung_status {
    run(body).map_or_else(|(status, _)| status, |()| BILDUNG_OK)
}

/// Run an infallible body that returns a value; a panic gives `fallback`.
pub(crate) fn guard_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// The input array `(ptr, n)` as a slice: NULL with `n == 0` is empty, NULL with `n > 0` fails.
///
/// # Safety
/// A non-NULL `ptr` must be aligned and valid for reads of `n` elements for `'a`, and the memory
/// must not be written during `'a`.
pub(crate) unsafe fn input<'a, T>(ptr: *const T, n: usize, what: &str) -> Result<&'a [T], Failure> {
    if ptr.is_null() {
        return if n == 0 {
            Ok(&[])
        } else {
            Err(Failure::null_array(what, n))
        };
    }
    // SAFETY: non-NULL, and valid for n reads by the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, n) })
}

/// An optional input array: NULL means absent (`None`), whatever `n` is.
///
/// # Safety
/// As for [`input`].
pub(crate) unsafe fn optional_input<'a, T>(ptr: *const T, n: usize) -> Option<&'a [T]> {
    if ptr.is_null() {
        None
    } else {
        // SAFETY: non-NULL, and valid for n reads by the caller's contract.
        Some(unsafe { std::slice::from_raw_parts(ptr, n) })
    }
}

/// A required output pointer.
pub(crate) fn required_out<T>(ptr: *mut T, what: &str) -> Result<NonNull<T>, Failure> {
    NonNull::new(ptr).ok_or_else(|| Failure::null(what))
}

/// Write `value` through `ptr` unless it is NULL (an optional out-parameter).
///
/// # Safety
/// A non-NULL `ptr` must be aligned and valid for one write.
pub(crate) unsafe fn write_optional<T>(ptr: *mut T, value: T) {
    if let Some(p) = NonNull::new(ptr) {
        // SAFETY: non-NULL, aligned and writable by the caller's contract.
        unsafe { p.write(value) };
    }
}

/// A caller-allocated output array of `capacity` elements (NULL allowed only with capacity 0).
#[derive(Debug, Clone, Copy)]
pub(crate) struct OutArray<T> {
    ptr: *mut T,
    capacity: usize,
}

impl<T: Copy> OutArray<T> {
    /// Check the pointer: NULL with `capacity > 0` fails.
    pub(crate) fn new(ptr: *mut T, capacity: usize, what: &str) -> Result<OutArray<T>, Failure> {
        if ptr.is_null() && capacity > 0 {
            return Err(Failure::null_array(what, capacity));
        }
        Ok(OutArray { ptr, capacity })
    }

    /// True if the array is absent (NULL).
    pub(crate) fn is_null(&self) -> bool {
        self.ptr.is_null()
    }

    /// The number of elements it holds.
    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    /// Copy `src` to the front of the array; the caller has checked `src.len() <= capacity`.
    ///
    /// # Safety
    /// A non-NULL pointer must be aligned and valid for writes of `capacity` elements.
    pub(crate) unsafe fn write(&self, src: &[T]) {
        let len = src.len().min(self.capacity);
        if len > 0 {
            // SAFETY: non-NULL (capacity > 0), `len <= capacity`, valid by the caller's contract;
            // `src` is Rust-owned memory, so the two do not overlap.
            unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), self.ptr, len) };
        }
    }
}

/// An optional output array of `len` elements: NULL means "not wanted".
pub(crate) fn optional_out<T: Copy>(
    ptr: *mut T,
    len: usize,
    what: &str,
) -> Result<OutArray<T>, Failure> {
    OutArray::new(ptr, if ptr.is_null() { 0 } else { len }, what)
}

/// The table `rows x cols` named `what` (row-major; NULL only when `rows * cols == 0`) as a view.
///
/// `rows * cols` must fit in memory (`rows * cols * sizeof(double) <= PTRDIFF_MAX`), otherwise
/// the product is rejected before any slice is formed.
///
/// # Safety
/// A non-NULL `ptr` must be valid for reads of `rows * cols` doubles while the view lives.
pub(crate) unsafe fn table_input<'a>(
    ptr: *const f64,
    rows: usize,
    cols: usize,
    what: &str,
) -> Result<ndarray::ArrayView2<'a, f64>, Failure> {
    let too_large = || {
        Failure::Core(Error::parameter(
            "rows * cols",
            format!("{rows} * {cols}"),
            "the table is larger than the address space (rows * cols overflows)",
        ))
    };
    let len = rows.checked_mul(cols).ok_or_else(too_large)?;
    let max = isize::MAX.unsigned_abs() / std::mem::size_of::<f64>();
    if len > max {
        return Err(too_large());
    }
    // SAFETY: forwarded caller contract; `len` is the checked product and within isize::MAX bytes.
    let data = unsafe { input(ptr, len, what) }?;
    ndarray::ArrayView2::from_shape((rows, cols), data).map_err(|e| {
        Failure::Core(Error::parameter(
            "rows * cols",
            format!("{rows} * {cols}"),
            format!("the table has no valid shape: {e}"),
        ))
    })
}

/// A NUL-terminated UTF-8 string argument as `&str`: NULL is `BILDUNG_ERR_NULL_ARGUMENT`,
/// invalid UTF-8 is `BILDUNG_ERR_INVALID_UTF8` (the message names `what` and the byte offset).
///
/// # Safety
/// A non-NULL `ptr` must point to a NUL-terminated string that is not written during `'a`.
pub(crate) unsafe fn c_str<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, Failure> {
    // SAFETY: forwarded caller contract.
    unsafe { c_str_named(ptr, || what.to_owned()) }
}

/// [`c_str`] with the argument's name made only on failure (for strings read in a loop).
///
/// # Safety
/// As for [`c_str`].
pub(crate) unsafe fn c_str_named<'a>(
    ptr: *const c_char,
    what: impl FnOnce() -> String,
) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(&what()));
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::Utf8(format!(
            "invalid UTF-8: `{}` is not valid UTF-8 (at byte {})",
            what(),
            e.valid_up_to()
        ))
    })
}

/// An array of `n` string arguments (`const char *const *`): NULL only when `n == 0`; every
/// element must be a non-NULL UTF-8 string (messages name `what[i]`).
///
/// # Safety
/// A non-NULL `ptr` must be valid for reads of `n` pointers, each valid as for [`c_str`].
pub(crate) unsafe fn c_strs<'a>(
    ptr: *const *const c_char,
    n: usize,
    what: &str,
) -> Result<Vec<&'a str>, Failure> {
    // SAFETY: forwarded caller contract.
    let ptrs = unsafe { input(ptr, n, what) }?;
    ptrs.iter()
        .enumerate()
        // SAFETY: each element is NULL or a NUL-terminated string (caller contract).
        .map(|(i, &p)| unsafe { c_str_named(p, || format!("{what}[{i}]")) })
        .collect()
}

/// Copy `text` into the caller's buffer with snprintf semantics: at most `len - 1` bytes and a
/// NUL when `len > 0`; `*needed` (if not NULL) receives the text length + 1. A truncated copy is
/// `BILDUNG_ERR_BUFFER_SIZE` (the truncated text is still written); `buf` NULL with `len > 0`
/// is `BILDUNG_ERR_NULL_ARGUMENT` (nothing written).
///
/// # Safety
/// `buf` must be NULL or valid for writes of `len` bytes; `needed` NULL or valid for one write.
pub(crate) unsafe fn write_text(
    text: &str,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> Result<(), Failure> {
    let out = OutArray::new(buf, len, "buf")?;
    let bytes = text.as_bytes();
    let full = bytes.len() + 1;
    // SAFETY: `needed` NULL or writable (caller contract).
    unsafe { write_optional(needed, full) };
    if len > 0 {
        let copy = bytes.len().min(len - 1);
        let mut data: Vec<c_char> = bytes[..copy].iter().map(|&b| b as c_char).collect();
        data.push(0);
        // SAFETY: `buf` holds `len >= copy + 1` bytes (caller contract).
        unsafe { out.write(&data) };
    }
    if full > len {
        return Err(Failure::buffer("buf", len, full));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::last_error::bildung_last_error_message;

    fn message() -> String {
        let mut buf = [0 as std::ffi::c_char; 256];
        let mut needed = 0;
        let st = unsafe { bildung_last_error_message(buf.as_mut_ptr(), buf.len(), &mut needed) };
        assert_eq!(st, BILDUNG_OK);
        unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }
            .to_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn a_panic_becomes_a_status_and_a_message() {
        let st = guard("bildung_test", || panic!("boom {}", 42));
        assert_eq!(st, BILDUNG_ERR_PANIC);
        assert_eq!(message(), "bildung_test: internal error (panic): boom 42");
        let st = guard("bildung_test", || panic!("static"));
        assert_eq!(st, BILDUNG_ERR_PANIC);
        assert!(message().ends_with("static"));
        assert_eq!(guard_quiet(|| panic!("quiet")), BILDUNG_ERR_PANIC);
        assert!(message().ends_with("static"), "guard_quiet must not record");
        assert_eq!(guard_value(7, || panic!("value")), 7);
    }

    #[test]
    fn null_handling_of_slices() {
        let empty: &[f64] = unsafe { input(std::ptr::null(), 0, "x") }.unwrap();
        assert!(empty.is_empty());
        let e = unsafe { input::<f64>(std::ptr::null(), 3, "x") }.unwrap_err();
        assert_eq!(e.status(), BILDUNG_ERR_NULL_ARGUMENT);
        assert!(e.message().contains("`x` is NULL but its length is 3"));
        assert!(unsafe { optional_input::<f64>(std::ptr::null(), 3) }.is_none());
        assert!(OutArray::<f64>::new(std::ptr::null_mut(), 0, "out").is_ok());
        assert!(OutArray::<f64>::new(std::ptr::null_mut(), 1, "out").is_err());
        assert!(required_out::<f64>(std::ptr::null_mut(), "out").is_err());
    }
}
