//! A team's Helmfile as the cockpit reads it: the desired state per stage (environment) and
//! every chart value with the file and line it comes from (reference/helmfile.md).
//!
//! Pure half: [`Helmfile::load`] reads the state file(s) of a checkout (Helmfile's default
//! discovery), renders `.gotmpl` parts with the built-in renderer of [`template`]'s subset for
//! one environment, and builds [`DesiredState`], [`ReleaseValues`] (Helm's merge of the
//! release's `values:` and `set:`, with provenance) and [`SideBySide`] (one release across
//! stages). The only I/O is reading files under the checkout.
//!
//! I/O half: [`binary`] runs the real `helmfile` when it is on PATH (`helmfile -e <env> list
//! --output json`) so the screen can prefer its answer; the built-in renderer is what the
//! screen falls back to, and [`Renderer`] says which one produced a result.
//!
//! Strings in these results come from the team's repo: the runner passes what it shows
//! through `crate::text::sanitize` when it stores it, as for any other untrusted text.

pub mod binary;
mod checkout_path;
mod env_vars;
mod error;
mod load;
mod merge;
mod provenance;
mod release;
pub mod run;
mod side_by_side;
mod state;
mod template;
mod yaml_doc;

#[cfg(test)]
mod binary_tests;
#[cfg(test)]
mod tests;

pub use binary::Renderer;
pub use env_vars::EnvVars;
pub use error::HelmfileError;
pub use load::Helmfile;
pub use provenance::{
    split_set_path, FlatValue, Leaf, Overridden, ReleaseValues, ValueNode, ValueSource,
};
pub use release::{FileRef, MissingFileHandler, Release, ReleaseSummary, SetEntry, ValuesEntry};
pub use side_by_side::{EnvColumn, SideBySide, SideBySideRow};
pub use state::{DesiredState, EnvironmentDef};
pub use template::RenderNote;
