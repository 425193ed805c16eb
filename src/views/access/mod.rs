//! Access (`:access [team]`, `render access --team T`): what the user may do in each of the
//! team's namespaces (read, logs, a shell, port-forward, delete pods, restart, scale, deploy,
//! read secrets), as the API's rules review says, and what the team Jenkins' ServiceAccount
//! may do there through its RoleBindings. The same answers refuse a write at its key.

pub mod draw;
mod state;

pub use state::AccessState;

#[cfg(test)]
mod tests;
