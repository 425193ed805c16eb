//! Ad-hoc stage writes the app asks for; the runner asks the API first (`cluster::stage_admin`)
//! and refuses them itself under `--readonly`, for standard or protected stages, and for a
//! delete without the namespace typed.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageAdminEffect {
    /// Create `<team>-<stage>` with the labels `team` and `stage`.
    Create { team: String, stage: String },
    /// Delete the namespace; `confirmed` is what the user typed (must be the namespace).
    Delete {
        namespace: String,
        confirmed: Option<String>,
    },
}
