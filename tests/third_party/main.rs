//! Third-party clients (kubectl, python-jenkins) against `stagecoach demo serve`, each run as
//! its own process the way a user would.

mod kubectl_checks;
mod python_jenkins_checks;
