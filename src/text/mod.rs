//! Pure text, shared by the I/O edge and the drawing code: the one sanitiser for untrusted
//! text, the one width model (terminal columns, as ratatui measures them), and clipping,
//! wrapping and padding to a width. Depends on nothing else in the crate.

pub mod clip;
pub mod diff;
pub mod osc52;
pub mod sanitize;
pub mod width;
pub mod wrap;
