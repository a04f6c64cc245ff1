//! The hosts: what moves a reader's bytes. [`local`] owns this process's
//! terminal; [`ssh`] serves one reader per SSH session. Both build the same
//! [`crate::reader::Driver`] and draw through [`crate::term`]: a host
//! supplies bytes in, bytes out, a size and a way to run background work,
//! and uses only what `crate::reader` exports at its top.

pub mod local;
pub(crate) mod ssh;

/// The SSH input path (a client's bytes and sizes to what its reader
/// handles), for the `ssh_input` fuzz target.
pub use ssh::input as ssh_input;
